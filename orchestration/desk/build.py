"""Writing the desk's files from a published warehouse: what the Dagster assets and the
`perfwh` command both call.

A night rewrites only the reports and workbooks whose inputs changed: each department-year
has a fingerprint (its documents' sha256, the documents set aside, the reviews of its
findings, the pipeline version and the desk's own code), kept in `fingerprints.json` beside
the files. At 1,000 documents (166 department-years) writing every workbook takes a minute.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections import defaultdict
from pathlib import Path

import duckdb

from . import dictionary, export
from .data import DOCUMENT_SCOPE, department_year, department_years
from .paths import DeskPaths
from .report import render
from .reviews import current

ALL = ("全部", 0)
# The everything-workbook in the nightly run only up to this many cells (about 40 s);
# `perfwh export` writes it whatever its size. The CSV files are always written.
NIGHTLY_MAX_CELLS = 3_000_000


def _name(key: tuple[str, int]) -> str:
    return "全部" if key == ALL else export.slug(*key)


def _relative(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target, start)).as_posix()


def _code_version() -> bytes:
    here = Path(__file__).parent
    return b"".join(p.read_bytes() for p in sorted(here.glob("*.py")))


def fingerprints(con: duckdb.DuckDBPyConnection, reviews: Path) -> dict[tuple[str, int], str]:
    """Department-year -> hash of everything its report and workbook are made of (and ALL ->
    the hash of everything)."""
    common = hashlib.sha256(_code_version())
    common.update(repr(con.execute(
        "select pipeline_version from raw.load_state").fetchall()).encode())
    common.update(repr(con.execute(
        "select source_file, source_sha256, line, message from raw.load_errors "
        "order by all").fetchall()).encode())
    by_file = defaultdict(list)
    for r in current(reviews).itertuples(index=False):
        by_file[r.source_file].append(tuple(r))
    docs = con.execute(f"""
        select s.department_name, s.fiscal_year, s.source_file, d.source_sha256
        from ({DOCUMENT_SCOPE}) s left join raw.documents d using (source_file)
        order by 1, 2, 3""").fetchall()
    hashes: dict[tuple[str, int], hashlib._Hash] = {}
    everything = common.copy()
    for dep, year, file, sha in docs:
        h = hashes.setdefault((dep, int(year)), common.copy())
        for target in (h, everything):
            target.update(repr((file, sha, sorted(by_file.get(file, [])))).encode())
    return {**{k: h.hexdigest() for k, h in hashes.items()}, ALL: everything.hexdigest()}


class _Fingerprints:
    """fingerprints.json of an output folder: what each file was last written from."""

    def __init__(self, folder: Path, now: dict[tuple[str, int], str]):
        self.path, self.now = folder / "fingerprints.json", now
        self.old = json.loads(self.path.read_text()) if self.path.exists() else {}

    def fresh(self, key: tuple[str, int], file: Path) -> bool:
        return file.exists() and self.old.get(_name(key)) == self.now[key]

    def save(self, keys: list[tuple[str, int]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.old.update({_name(k): self.now[k] for k in keys})
        self.path.write_text(json.dumps(self.old, ensure_ascii=False, indent=0))


def _remove_stale(folder: Path, keys: list[tuple[str, int]], pattern: str) -> None:
    """Files of department-years no document speaks for any more (removed documents)."""
    names = {_name(k) for k in keys}
    for path in folder.glob(pattern):
        if path.name != "fingerprints.json" and path.stem not in names:
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def reports(warehouse: Path, raw_dir: Path | None, department: str | None = None,
            year: int | None = None, out: Path | None = None,
            only_changed: bool = False) -> tuple[list[Path], int]:
    """The HTML report of each department-year (or only the chosen department / year).
    (reports written, reports left as they were because nothing they show changed)."""
    p = DeskPaths(warehouse)
    out = out or p.reports
    out.mkdir(parents=True, exist_ok=True)
    written, kept = [], 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        chosen = [(d, y) for d, y in department_years(con)
                  if department in (None, d) and year in (None, y)]
        if not chosen and (department or year):
            raise LookupError(f"no documents of {department or 'any department'} "
                              f"{year or ''} in {warehouse.name}")
        prints = _Fingerprints(out, fingerprints(con, p.reviews))
        link = _relative(p.dictionary, out) if p.dictionary.exists() else None
        for d, y in chosen:
            path = out / f"{export.slug(d, y)}.html"
            if only_changed and prints.fresh((d, y), path):
                kept += 1
                continue
            path.write_text(render(department_year(con, p.reviews, d, y), raw_dir, link),
                            encoding="utf-8")
            written.append(path)
        prints.save(chosen)
        if department is None and year is None:
            _remove_stale(out, chosen, "*.html")
    return written, kept


def exports(warehouse: Path, department: str | None = None, year: int | None = None,
            out: Path | None = None, only_changed: bool = False) -> tuple[list[Path], int]:
    """Workbook + CSV of everything, and of each department-year (or only the chosen one).
    (files written, department-years left as they were)."""
    p = DeskPaths(warehouse)
    out = out or p.exports
    written, kept = [], 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        prints = _Fingerprints(out, fingerprints(con, p.reviews))
        done = []
        if department is None and year is None and not (
                only_changed and prints.fresh(ALL, out / "csv" / "全部")):
            written += export.export(con, p.reviews, out,
                                     max_cells=NIGHTLY_MAX_CELLS if only_changed else None)
            done.append(ALL)
        for d, y in department_years(con):
            if department in (None, d) and year in (None, y):
                if only_changed and prints.fresh((d, y), out / f"{export.slug(d, y)}.xlsx"):
                    kept += 1
                    continue
                written += export.export(con, p.reviews, out, d, y)
                done.append((d, y))
        prints.save(done)
        if department is None and year is None:
            _remove_stale(out, [*department_years(con), ALL], "*.xlsx")
            _remove_stale(out / "csv", [*department_years(con), ALL], "*")
    return written, kept


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
