"""What a published warehouse was built from, so an unchanged night can skip the load."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..settings import DBT_PROJECT_DIR, EXPECTATIONS_DIR, PROJECT_ROOT
from . import store

# Everything besides the documents that shapes the published file: the dbt project, the GX
# suites and the code that runs them. (The extractors are in store.extractor_version().)
_CODE = [
    (DBT_PROJECT_DIR, ("models", "macros", "seeds", "tests", "dbt_project.yml")),
    (EXPECTATIONS_DIR, ("gx/expectations",)),
    (PROJECT_ROOT / "orchestration", ("quality", "assets", "warehouse")),
]


def pipeline_version() -> str:
    h = hashlib.sha256(store.extractor_version().encode())
    for base, parts in _CODE:
        for part in parts:
            root = base / part
            files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
            for path in files:
                if "__pycache__" in path.parts:
                    continue
                h.update(path.relative_to(base).as_posix().encode() + path.read_bytes())
    return h.hexdigest()[:16]


def published_version(warehouse: Path) -> str | None:
    """The pipeline version recorded in the published file, if it can be read now."""
    import duckdb

    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            row = con.execute("select pipeline_version from raw.load_state").fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


def unchanged_since_publish(raw_dir: Path, warehouse: Path, extracts: Path) -> str | None:
    """Why a load would change nothing (a sentence), or None when it must run.

    It must run when a document was added, changed or removed since the store last read the
    folder, or when the code differs from the code that built the published file. Anything it
    cannot read (no store yet, a load holding it) means: run.
    """
    import duckdb

    version = pipeline_version()
    if published_version(warehouse) != version:
        return None
    try:
        con = duckdb.connect(str(extracts), read_only=True)
    except duckdb.Error:
        return None
    try:
        found = store.scan(raw_dir, con, store.extractor_version())
    except duckdb.Error:
        return None
    finally:
        con.close()
    if found.to_extract or found.removed:
        return None
    return (
        f"{len(found.unchanged)} documents unchanged and the code unchanged "
        f"(pipeline {version}) since {warehouse.name} was published"
    )
