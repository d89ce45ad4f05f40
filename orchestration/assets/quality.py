"""Quality: the GX suites, run on frames read from the build file.

Pipeline invariants are a blocking asset check (a failure stops the publish). Source-document
findings are an asset, `audit_findings` (a table in the warehouse), with a check that warns when
it is not empty: inconsistencies in the documents are reported, never blocking.
"""

from collections import Counter
from collections.abc import Iterator

import dagster as dg
import duckdb
from dagster_dbt import get_asset_key_for_model

from ..resources import WarehouseResource
from ..settings import EXPECTATIONS_DIR
from ..warehouse import delta
from .blocking import fail_naming_documents
from .transform import dbt_models

FCT_PROJECT_YEAR = get_asset_key_for_model([dbt_models], "fct_project_year")
FCT_INDICATOR = get_asset_key_for_model([dbt_models], "fct_indicator")
LOGGED_FINDINGS = 50


def _specs(severity: str):
    # Imported here: GX is slow to import and only the quality steps need it.
    from ..quality.suites import suite_specs

    return [s for s in suite_specs() if s.severity == severity]


@dg.asset_check(asset=FCT_PROJECT_YEAR, blocking=True, name="pipeline_invariants")
def pipeline_invariants(warehouse: WarehouseResource) -> Iterator[dg.AssetCheckResult]:
    """No row or amount lost between raw and the marts (GX, blocking: stops the publish).
    A failure names the documents it fails on, after the failed result is recorded."""
    from ..quality import data_docs
    from ..quality.suites import file_context
    from ..quality.validate import run_suite

    build = warehouse.paths().build
    with duckdb.connect(str(build), read_only=True) as con:
        forms = con.execute("select count(*) from raw.self_evaluation_project").fetchone()[0]
    failed, validated, run_times = [], 0, []
    specs = _specs("blocking")
    gx_context = file_context(str(EXPECTATIONS_DIR))
    for spec in specs:
        outcome = run_suite(spec, build, EXPECTATIONS_DIR, {"raw_self_evaluation_forms": forms},
                            context=gx_context)
        validated += outcome.n_rows
        run_times.append(outcome.run_time)
        failed += [f"- **{o.check_id}** {o.description} (observed {o.observed})"
                   + "".join(f"\n  - {_row_text(r)}" for r in o.failing_rows[:10])
                   for o in outcome.outcomes if not o.success]
    metadata = {
        "rows_validated": dg.MetadataValue.int(validated),
        "failed": dg.MetadataValue.md("\n".join(failed) or "none"),
    }
    docs = data_docs.publish(gx_context, [s.name for s in specs], run_times)
    if docs:
        metadata["data_docs"] = dg.MetadataValue.url(docs)
    yield dg.AssetCheckResult(
        passed=not failed, severity=dg.AssetCheckSeverity.ERROR, metadata=metadata
    )
    if failed:
        fail_naming_documents(warehouse.paths(), "pipeline_invariants (blocking)")


def _row_text(row: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in row.items())


def _count_table(by_check: Counter) -> str:
    """Markdown: findings by check id and severity."""
    if not by_check:
        return "none"
    rows = [f"| {check} | {severity} | {n} |"
            for (check, severity), n in sorted(by_check.items())]
    return "\n".join(["| check | severity | findings |", "|---|---|---|", *rows])


@dg.asset(deps=[FCT_PROJECT_YEAR, FCT_INDICATOR], group_name="quality", kinds={"duckdb"})
def audit_findings(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """审计发现: every failing row of the GX finding suites, with file, lines and a message."""
    from ..desk.paths import DeskPaths
    from ..desk.reviews import join_reviews
    from ..quality import data_docs
    from ..quality.findings import assign_ids, findings_of, write_findings
    from ..quality.scope import carry_over, changed_documents, project_partners, restrict
    from ..quality.suites import file_context
    from ..quality.validate import read_frame, run_suite

    p = warehouse.paths()
    build = p.build
    # An incremental night validates only the documents that changed since the publish; a
    # build that started empty (new code, or a full build asked for) validates everything.
    changed = None if delta.planned_changes(build) is None else \
        changed_documents(build, p.warehouse)
    # Cross-document suites: the documents of the projects the night's changes touch.
    partners = None if changed is None else project_partners(build, p.warehouse, changed)
    findings, run_times, validated = [], [], 0
    specs = _specs("finding")
    gx_context = file_context(str(EXPECTATIONS_DIR))
    run_specs = []
    for spec in specs:
        query = None
        if changed is not None:
            query = restrict(spec.query, changed if spec.per_document else partners)
        frame = None
        if query is not None:
            frame = read_frame(build, query)
            if frame.empty:  # no changed document of this suite's kind: GX takes 0.1 s anyway
                continue
        outcome = run_suite(spec, build, EXPECTATIONS_DIR, context=gx_context, frame=frame)
        run_specs.append(spec)
        validated += outcome.n_rows
        run_times.append(outcome.run_time)
        findings += findings_of(outcome, spec.document_kind)
    carried = 0
    with duckdb.connect(str(build)) as con:
        write_findings(con, findings)
        if changed is not None:
            cross = set().union(*(s.check_ids for s in specs if not s.per_document))
            carried = carry_over(con, p.warehouse, changed, cross, partners)
        assign_ids(con)
        join_reviews(con, DeskPaths(p.warehouse).reviews)  # reviews live outside the file
        by_check = Counter({(c, sev): n for c, sev, n in con.execute(
            "select check_id, severity, count(*) from main.audit_findings group by 1, 2"
        ).fetchall()})  # fmt: skip
    # The first findings in one entry of the run's log; all of them are in
    # main.audit_findings (each log entry is a write to the run storage).
    if findings:
        shown = findings[:LOGGED_FINDINGS]
        context.log.warning(
            f"{len(findings)} findings from the documents validated"
            + (f" (the first {len(shown)} here)" if len(shown) < len(findings) else "")
            + "; all of them are in main.audit_findings:\n"
            + "\n".join(f"{f.check_id} {f.source_file}:{f.line_start}: {f.message}" for f in shown)
        )
    metadata = {
        "findings": dg.MetadataValue.int(len(findings) + carried),
        "findings_carried_over": dg.MetadataValue.int(carried),
        "documents_validated": dg.MetadataValue.text(
            "all" if changed is None else f"{len(changed)} changed since the publish"),
        "cross_document_scope": dg.MetadataValue.text(
            "all" if partners is None else
            f"{len(partners)} documents of the projects the changes touch"),
        "rows_validated": dg.MetadataValue.int(validated),
        "suites_validated": dg.MetadataValue.text(
            f"{len(run_specs)} of {len(specs)}: " + ", ".join(s.name for s in run_specs)),
        "by_check": dg.MetadataValue.md(_count_table(by_check)),
        "by_severity": dg.MetadataValue.json(
            dict(sum((Counter({sev: n}) for (_, sev), n in by_check.items()), Counter()))),
    }
    docs = data_docs.publish(gx_context, [s.name for s in run_specs], run_times)
    if docs:
        metadata["data_docs"] = dg.MetadataValue.url(docs)
    return dg.MaterializeResult(metadata=metadata)


@dg.asset_check(asset=audit_findings, name="documents_reconcile")
def documents_reconcile(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Warns while any source document's numbers do not reconcile (see audit_findings)."""
    with duckdb.connect(str(warehouse.paths().build), read_only=True) as con:
        rows = con.execute(
            "select check_id, count(*) from main.audit_findings group by 1 order by 1"
        ).fetchall()
        sample = con.execute(
            "select check_id, source_file, line_start, message from main.audit_findings "
            "order by check_id, source_file, line_start limit 50"
        ).fetchall()
    total = sum(n for _, n in rows)
    return dg.AssetCheckResult(
        passed=total == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "findings": dg.MetadataValue.int(total),
            "by_check": dg.MetadataValue.json({c: n for c, n in rows}),
            "first_findings": dg.MetadataValue.md("\n".join(
                f"- **{c}** `{f}` line {ln}: {m}" for c, f, ln, m in sample) or "none"),
        },
    )
