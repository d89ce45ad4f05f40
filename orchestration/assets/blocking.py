"""A failed blocking check names the documents it fails on and holds them back."""

from __future__ import annotations

import dagster as dg

from ..quality.culprits import describe, find_culprits
from ..settings import Paths
from ..warehouse import store, versions


def fail_naming_documents(p: Paths, what: str, cause: BaseException | None = None) -> None:
    """Raise a Failure naming, by file and line, the documents `what` failed on (and hold
    them back: the next load sets them aside, the others publish); return if none is."""
    culprits = find_culprits(p.build)
    if not culprits:
        return
    store.hold_documents(
        p.extracts, [(c.source_file, c.source_sha256, c.line, f"{what}: {c.message}")
                     for c in culprits], versions.pipeline_version())
    raise dg.Failure(
        description=f"{what} failed; {describe(culprits)}",
        metadata={"documents": dg.MetadataValue.md(
            "\n".join(f"- `{c.source_file}` line {c.line}: {c.message}" for c in culprits))},
        allow_retries=False,
    ) from cause
