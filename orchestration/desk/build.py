"""Writing the desk's files from a published warehouse: what the Dagster assets and the
`perfwh` command both call."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb

from . import dictionary, export
from .data import department_year, department_years
from .paths import DeskPaths
from .report import render


def _relative(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target, start)).as_posix()


def reports(warehouse: Path, raw_dir: Path | None, department: str | None = None,
            year: int | None = None, out: Path | None = None) -> list[Path]:
    """One HTML report per department-year (or only the chosen department / year)."""
    p = DeskPaths(warehouse)
    out = out or p.reports
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        chosen = [(d, y) for d, y in department_years(con)
                  if department in (None, d) and year in (None, y)]
        if not chosen and (department or year):
            raise LookupError(f"no documents of {department or 'any department'} "
                              f"{year or ''} in {warehouse.name}")
        link = _relative(p.dictionary, out) if p.dictionary.exists() else None
        for d, y in chosen:
            html = render(department_year(con, p.reviews, d, y), raw_dir, link)
            path = out / f"{export.slug(d, y)}.html"
            path.write_text(html, encoding="utf-8")
            written.append(path)
    return written


def exports(warehouse: Path, department: str | None = None, year: int | None = None,
            out: Path | None = None, every_department: bool = True) -> list[Path]:
    """Workbook + CSV of everything, and of each department-year (or only the chosen one)."""
    p = DeskPaths(warehouse)
    out = out or p.exports
    written = []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        if department is None and year is None:
            written += export.export(con, p.reviews, out)
        if every_department:
            for d, y in department_years(con):
                if department in (None, d) and year in (None, y):
                    written += export.export(con, p.reviews, out, d, y)
    return written


def data_dictionary(warehouse: Path) -> tuple[Path, bool]:
    """dbt's docs for the published file; regenerated only when the code that built the file
    changed (its column types and descriptions come from that code). (path, regenerated)."""
    p = DeskPaths(warehouse)
    stamp = p.dictionary.with_name("built_from.json")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        version = con.execute("select pipeline_version from raw.load_state").fetchone()[0]
    if p.dictionary.exists() and stamp.exists() and \
            json.loads(stamp.read_text()).get("pipeline_version") == version:
        return p.dictionary, False
    dictionary.generate(warehouse, p.dictionary)
    stamp.write_text(json.dumps({"pipeline_version": version}))
    return p.dictionary, True
