"""The data dictionary: dbt's documentation site as one static page (`dbt docs generate
--static`: manifest and catalog inside the HTML), with the models' Chinese and English
descriptions and the column types of the published file."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..settings import DBT_EXECUTABLE, DBT_PROJECT_DIR


def generate(warehouse: Path, out: Path) -> Path:
    """Write the dictionary of `warehouse` to `out`. dbt reads a copy: it opens its file for
    writing, which would lock auditors' readers out of the published one, and profiles.yml
    names the file `<PERFWH_WAREHOUSE minus .duckdb>.build.duckdb`."""
    with tempfile.TemporaryDirectory(prefix="perfwh-docs-") as tmp:
        base = Path(tmp)
        stem = warehouse.name[: -len(".duckdb")]  # the same name: relations read perf.main.…
        shutil.copyfile(warehouse, base / f"{stem}.build.duckdb")
        env = {**os.environ, "PERFWH_WAREHOUSE": str(base / warehouse.name),
               "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR)}
        proc = subprocess.run(
            [DBT_EXECUTABLE, "docs", "generate", "--static", "--target-path",
             str(base / "target"), "--log-path", str(base / "logs")],
            cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"dbt docs generate failed:\n{proc.stdout[-4000:]}")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(base / "target" / "static_index.html", out)
    return out
