"""Ingest: documents -> the extraction store -> the `raw` schema of a fresh build file.

Documents are dynamic partitions keyed by their path in PERFWH_RAW_DIR. Keying by document
(not by year or unit) is what an operator needs: a year or a unit is only known after the
document is parsed, and the unit of work that fails, is fixed and is re-run is one file.
`raw/document` re-extracts chosen partitions from the UI; the nightly `raw_tables` extracts
every new or changed document itself (registering its partition) and skips the unchanged.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb

from ..extract.registry import RAW_TABLES
from ..resources import WarehouseResource
from ..warehouse import delta, store
from ..warehouse.errors import is_permanent
from ..warehouse.ingest import LoadReport, load_raw

DOCUMENTS = dg.DynamicPartitionsDefinition(name="documents")
DOCUMENT_KEY = dg.AssetKey(["raw", "document"])
RAW_TABLE_NAMES = [*RAW_TABLES, "documents", "load_errors", "retired_documents",
                   "changed_documents"]
# A DuckDB file has one writer: a step meeting another writer (a query holding the store)
# waits by retrying, with back-off. Errors no wait can heal are not retried (permanent()).
RETRY = dg.RetryPolicy(
    max_retries=3, delay=5, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS
)


@contextmanager
def permanent() -> Iterator[None]:
    """A read-only or full file system, or a permission refused, fails the step at once."""
    try:
        yield
    except Exception as exc:
        if isinstance(exc, dg.Failure) or not is_permanent(exc):
            raise
        raise dg.Failure(description=f"{type(exc).__name__}: {exc} (not retried: a retry "
                                     f"cannot heal this)", allow_retries=False) from exc
# Per-document materialization events cost a write to the run storage each (a 1,000-document
# load's ingest step took 31 s, of which extraction and assembly about 7 s): beyond this many
# (a first load, a bulk delivery) the run records one summary instead. A night's few new
# documents still show per partition.
MAX_DOCUMENT_EVENTS = 200


def _outcome_metadata(o: store.Outcome, reason: str) -> dict:
    meta = {
        "sha256": dg.MetadataValue.text(o.sha256),
        "kind": dg.MetadataValue.text(o.kind or "unknown"),
        "reason": dg.MetadataValue.text(reason),
        "rows": dg.MetadataValue.int(o.n_rows),
        "status": dg.MetadataValue.text("rejected" if o.error else "loaded"),
    }
    if o.error:
        meta["error"] = dg.MetadataValue.text(str(o.error))
    return meta


@dg.asset(
    key=DOCUMENT_KEY,
    partitions_def=DOCUMENTS,
    group_name="ingest",
    kinds={"duckdb", "python"},
    retry_policy=RETRY,
)
def document(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """One document extracted into the store, whatever its hash says (re-run from the UI).

    A document no longer in the folder is retired; one that cannot be read is recorded as
    set aside and the run fails with its file and line, without retrying.
    """
    p = warehouse.paths()
    name = context.partition_key
    with permanent():
        con = store.open_store(p.extracts)
        try:
            if not (p.raw_dir / name).is_file():
                store.retire(con, [name])
                context.log.warning(f"{name} is no longer in {p.raw_dir}: its rows are retired")
                return dg.MaterializeResult(metadata={"status": dg.MetadataValue.text("retired")})
            outcome = store.extract_file(p.raw_dir, name)
            store.write_outcomes(con, [outcome], store.extractor_version())
        finally:
            con.close()
    metadata = _outcome_metadata(outcome, "requested")
    if outcome.error:
        raise dg.Failure(
            description=f"set aside: {outcome.error}", metadata=metadata, allow_retries=False
        )
    return dg.MaterializeResult(metadata=metadata)


RAW_SPECS = [
    dg.AssetSpec(
        key=dg.AssetKey(["raw", name]),
        group_name="ingest",
        kinds={"duckdb", "python"},
        deps=[DOCUMENT_KEY],
        description=f"raw.{name}, extracted from the documents (with file, sha256 and lines).",
    )
    for name in RAW_TABLE_NAMES
]


def _sync_partitions(context: dg.AssetExecutionContext, report: LoadReport) -> None:
    instance = context.instance
    known = set(instance.get_dynamic_partitions(DOCUMENTS.name))
    current = {o.source_file for o in report.extracted} | set(report.loaded)
    new = sorted(current - known)
    if new:
        instance.add_dynamic_partitions(DOCUMENTS.name, new)
    for name in report.retired:
        if name in known:
            instance.delete_dynamic_partition(DOCUMENTS.name, name)
    if len(report.extracted) <= MAX_DOCUMENT_EVENTS:
        for o in report.extracted:
            context.log_event(dg.AssetMaterialization(
                asset_key=DOCUMENT_KEY, partition=o.source_file,
                metadata=_outcome_metadata(o, "changed"),
            ))  # fmt: skip


@dg.multi_asset(specs=RAW_SPECS, name="raw_tables", can_subset=False, retry_policy=RETRY)
def raw_tables(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Extract new and changed documents, retire removed ones, and write the raw schema of the
    build file from the store; bad documents go to raw.load_errors. When the code is unchanged
    the build file starts as a copy of the published one, and only the rows of changed
    documents are replaced (warehouse/delta.py)."""
    p = warehouse.paths()
    with permanent():
        from_published = delta.start_build(p, full=warehouse.full_build)
        with duckdb.connect(str(p.build)) as con:
            report = load_raw(p.raw_dir, con, p.extracts, from_published=from_published)
            changed = report.changed_tables
    _sync_partitions(context, report)
    for err in report.errors:
        where = f"{err.source_file}:{err.line if err.line is not None else '?'}"
        page = f"page {err.page}; " if err.page is not None else ""
        context.log.warning(
            f"set aside part of {where} ({page}the rest loaded): {err.message}"
            if err.document_loaded else f"set aside {where}: {err.message}"
        )
    for name in report.retired:
        context.log.warning(f"retired {name}: no longer in {p.raw_dir}")
    context.log.info(
        f"{len(report.extracted)} documents extracted, {report.unchanged} unchanged, "
        f"{len(report.retired)} retired; {len(report.loaded)} loaded into {p.build}"
    )
    context.log.info(
        "build started empty: everything is built" if changed is None else
        f"build started from the published file; raw tables changed: {changed or 'none'}"
    )
    for name in RAW_TABLE_NAMES:
        metadata = {"rows": dg.MetadataValue.int(report.rows.get(name, 0))}
        if name == "documents":
            metadata |= {
                "extracted": dg.MetadataValue.int(len(report.extracted)),
                "unchanged": dg.MetadataValue.int(report.unchanged),
                "retired": dg.MetadataValue.int(len(report.retired)),
                "changed_tables": dg.MetadataValue.text(
                    "all (the build started empty)" if changed is None else ", ".join(changed)),
            }
        if name == "load_errors" and report.errors:
            metadata["errors"] = dg.MetadataValue.md("\n".join(
                f"- `{e.source_file}` line {e.line}"
                f"{f' (page {e.page}, the rest loaded)' if e.document_loaded else ''}: "
                f"{e.message}" for e in report.errors[:200]
            ))  # fmt: skip
        yield dg.MaterializeResult(asset_key=dg.AssetKey(["raw", name]), metadata=metadata)
