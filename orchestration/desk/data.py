"""What a department-year's report and workbook show, read from the published warehouse."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from .reviews import findings_with_reviews

# Tables other issues will add; their sections render once the table exists.
DEPARTMENT_FACT = "fct_department_year"
BUDGET_ACTUAL = ("fct_budget_vs_final",)

# Which department and year each document speaks for (findings only carry the file).
DOCUMENT_SCOPE = """
    select distinct source_file, department_name, fiscal_year from main.fct_project_year
    union select distinct source_file, department_name, fiscal_year from main.fct_budget_line
    union select distinct source_file, department_name, fiscal_year from main.fct_budget_summary
    union select distinct source_file, department_name, fiscal_year from main.fct_final_summary
"""


@dataclass
class DepartmentYear:
    department: str
    year: int
    projects: pd.DataFrame
    findings: pd.DataFrame
    budget_lines: pd.DataFrame
    budget_summary: pd.DataFrame
    set_aside: pd.DataFrame
    department_figures: pd.DataFrame | None  # None: no department fact table yet
    budget_actual: pd.DataFrame | None  # None: no final-accounts table yet
    built_at: str | None = None
    notes: list[str] = field(default_factory=list)


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    """A query's rows as Python values (DECIMAL stays Decimal: `.df()` would make it float)."""
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return pd.DataFrame(cur.fetchall(), columns=names, dtype=object)


def tables(con: duckdb.DuckDBPyConnection, schema: str = "main") -> set[str]:
    return {r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_schema = ?", [schema]
    ).fetchall()}


def columns(con: duckdb.DuckDBPyConnection, table: str, schema: str = "main") -> list[str]:
    return [r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_schema = ? "
        "and table_name = ? order by ordinal_position", [schema, table]).fetchall()]


def department_years(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """Every (department, fiscal year) some document speaks for."""
    return [(d, int(y)) for d, y in con.execute(
        f"select distinct department_name, fiscal_year from ({DOCUMENT_SCOPE}) "
        "where department_name is not null and fiscal_year is not null order by 1, 2"
    ).fetchall()]


def _scoped(con: duckdb.DuckDBPyConnection, table: str, department: str, year: int,
            order: str) -> pd.DataFrame:
    return frame(con, f"select * from main.{table} where department_name = ? and "
                      f"fiscal_year = ? order by {order}", [department, year])


def _optional(con: duckdb.DuckDBPyConnection, names: tuple[str, ...], department: str,
              year: int) -> pd.DataFrame | None:
    present = tables(con)
    for name in names:
        if name in present:
            cols = columns(con, name)
            if {"department_name", "fiscal_year"} <= set(cols):
                return _scoped(con, name, department, year, "all")
            return frame(con, f"select * from main.{name}")
    return None


def with_pages(con: duckdb.DuckDBPyConnection, findings: pd.DataFrame) -> pd.DataFrame:
    """Findings carry a file and lines; a PDF's page is on the mart rows printed at those lines
    (every mart with source_file, line_start and page), so the report can open `#page=N`.
    A page the finding's own frame gave (audit_findings.page) stands."""
    given = findings["page"] if "page" in findings.columns else None
    if given is not None and given.notna().all():
        return findings
    pages: dict[tuple[str, int], int] = {}
    files = sorted({f for f in findings.get("source_file", []) if f is not None})
    for table in sorted(tables(con)) if files else []:
        if {"source_file", "line_start", "page"} <= set(columns(con, table)):
            pages.update({(f, int(ln)): int(pg) for f, ln, pg in con.execute(
                f"select source_file, line_start, min(page) from main.{table} "
                "where list_contains(?, source_file) and page is not null "
                "and line_start is not null group by all", [files]).fetchall()})
    findings = findings.copy()
    if findings.empty:
        findings["page"] = pd.Series(dtype=object)
        return findings
    looked_up = [pages.get((f, int(ln))) if f is not None and not pd.isna(ln) else None
                 for f, ln in zip(findings["source_file"], findings["line_start"], strict=True)]
    findings["page"] = looked_up if given is None else [
        int(g) if not pd.isna(g) else lk for g, lk in zip(given, looked_up, strict=True)]
    return findings


def department_year(con: duckdb.DuckDBPyConnection, reviews: Path, department: str,
                    year: int) -> DepartmentYear:
    findings = findings_with_reviews(
        con, reviews,
        f"f.source_file in (select source_file from ({DOCUMENT_SCOPE}) "
        "where department_name = ? and fiscal_year = ?)", [department, year])
    built = con.execute("select max(loaded_at) from raw.documents").fetchone()[0]
    return DepartmentYear(
        department=department,
        year=year,
        projects=_scoped(con, "fct_project_year", department, year,
                         "document_kind, unit_name, line_start"),
        findings=with_pages(con, findings),
        budget_lines=frame(
            con, "select * from main.fct_budget_line where department_name = ? and fiscal_year = ? "
            "and classification = 'function' and level in ('类', '合计') "
            "order by table_name, seq", [department, year]),
        budget_summary=_scoped(con, "fct_budget_summary", department, year, "table_name, seq"),
        # A document set aside could not be read, so its department is unknown: all are shown.
        set_aside=frame(con, "select source_file, document_kind, line, page, document_loaded, "
                             "message, detected_at "
                             "from raw.load_errors order by source_file, line"),
        department_figures=_optional(con, (DEPARTMENT_FACT,), department, year),
        budget_actual=_optional(con, BUDGET_ACTUAL, department, year),
        built_at=str(built) if built else None,
    )
