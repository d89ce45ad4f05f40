"""A failed blocking check names the documents it fails on and holds them back."""

from __future__ import annotations

import dagster as dg
import duckdb

from ..quality.culprits import describe, find_culprits, of_the_pipeline
from ..settings import Paths
from ..warehouse import store, versions


def fail_naming_documents(p: Paths, what: str, cause: BaseException | None = None) -> None:
    """Raise a Failure naming, by file and line, the documents `what` failed on (and hold
    them back: the next load sets them aside, the others publish); return if none is."""
    try:
        culprits = find_culprits(p.build)
    except duckdb.Error:  # the build cannot be read: the original failure stands
        return
    if not culprits:
        return
    pipeline = of_the_pipeline(p.build, culprits)
    held = [c for c in culprits if c.document_kind not in pipeline]
    store.hold_documents(
        p.extracts, [(c.source_file, c.source_sha256, c.line, f"{what}: {c.message}")
                     for c in held], versions.pipeline_version())
    verdict = (f"; every {', '.join(sorted(pipeline))} document fails: a pipeline defect, "
               f"those are not held back" if pipeline else "")
    raise dg.Failure(
        description=f"{what} failed; {describe(culprits)}\n"
                    f"{len(held)} of them held back from the next load{verdict}",
        metadata={"documents": dg.MetadataValue.md(
            "\n".join(f"- `{c.source_file}` line {c.line}: {c.message}" for c in culprits))},
        allow_retries=False,
    ) from cause
