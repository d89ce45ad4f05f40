"""Workbooks (openpyxl) and CSV files of the marts and findings: one per department-year and
one for everything. Headers in Chinese from the column descriptions the dbt project persists
as DuckDB comments (`persist_docs`); money stays a number with two decimals."""

from __future__ import annotations

import csv
import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .data import DEPARTMENT_FACT, DOCUMENT_SCOPE, columns, frame, tables
from .reviews import findings_with_reviews

# Marts in the order an auditor reads them; audit_findings last, with the live reviews.
TABLES = ("fct_project_year", "fct_indicator", "fct_project_funding", "fct_evaluation_score",
          "fct_indicator_target_change", "fct_budget_summary", "fct_budget_line",
          "fct_budget_three_public", DEPARTMENT_FACT, "dim_department", "dim_unit", "dim_project")
MONEY = "#,##0.00"
EXCEL_ROWS = 1_048_576  # a sheet's limit, header included
TWO_DECIMALS = "0.00"
_CJK_HEAD = re.compile(r"^[^A-Za-z]*?[\u3400-\u9fff][^A-Za-z]*")


def header(column: str, comment: str | None) -> str:
    """'项目名称 Project name as printed.' -> '项目名称（project_name）'; no Chinese: the name."""
    match = _CJK_HEAD.match(comment or "")
    term = match.group(0).strip(" ,.，。;；:") if match else ""
    return f"{term}（{column}）" if term else column


def headers(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    rows = con.execute("select column_name, comment from duckdb_columns() "
                       "where schema_name = 'main' and table_name = ?", [table]).fetchall()
    return {c: header(c, comment) for c, comment in rows}


def _scope(con: duckdb.DuckDBPyConnection, table: str, department: str | None,
           year: int | None) -> tuple[str, list]:
    """The where clause that keeps a department-year's rows of `table` (None: not scoped)."""
    if department is None:
        return "true", []
    cols = set(columns(con, table))
    if {"department_name", "fiscal_year"} <= cols:
        return "department_name = ? and fiscal_year = ?", [department, year]
    if "source_file" in cols:
        return (f"source_file in (select source_file from ({DOCUMENT_SCOPE}) "
                "where department_name = ? and fiscal_year = ?)", [department, year])
    if "department_name" in cols:
        return "department_name = ?", [department]
    return "false", []


def sheets(con: duckdb.DuckDBPyConnection, reviews: Path, department: str | None = None,
           year: int | None = None) -> dict[str, tuple[pd.DataFrame, dict[str, str]]]:
    """Table name -> (rows as Python values, column -> header)."""
    present = tables(con)
    out = {}
    for table in TABLES:
        if table in present:
            where, params = _scope(con, table, department, year)
            out[table] = (frame(con, f"select * from main.{table} where {where}", params),
                          headers(con, table))
    where, params = "true", []
    if department is not None:  # the findings of the department-year's documents
        where = (f"f.source_file in (select source_file from ({DOCUMENT_SCOPE}) "
                 "where department_name = ? and fiscal_year = ?)")
        params = [department, year]
    findings = findings_with_reviews(con, reviews, where, params)
    out["audit_findings"] = (findings, {**headers(con, "audit_findings"),
                                        "source_sha256": header("source_sha256", "文件哈希")})
    return out


def _cell(value: object) -> object:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, (list, tuple, dict)):
        return ", ".join(map(str, value)) if not isinstance(value, dict) else str(value)
    return value


def write_workbook(path: Path, data: dict[str, tuple[pd.DataFrame, dict[str, str]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="EEF3FA")
    cut = {}
    for table, (df, names) in data.items():
        ws = wb.create_sheet(table[:31])
        ws.append([names.get(c, c) for c in df.columns])
        if len(df) > EXCEL_ROWS - 1:  # Excel opens no more; the CSV file has every row
            cut[table], df = len(df), df.iloc[: EXCEL_ROWS - 1]
        for row in df.itertuples(index=False):
            ws.append([_cell(v) for v in row])
        for i, column in enumerate(df.columns, start=1):
            letter = get_column_letter(i)
            ws.cell(1, i).font, ws.cell(1, i).fill = bold, fill
            ws.cell(1, i).alignment = Alignment(wrap_text=True, vertical="top")
            ws.column_dimensions[letter].width = min(max(len(names.get(column, column)), 10), 40)
            values = df[column]
            if any(isinstance(v, Decimal) for v in values):
                fmt = MONEY if column.endswith(("_yuan", "_wan")) else TWO_DECIMALS
                for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                    cell.number_format = fmt
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(max(len(df.columns), 1))}{len(df) + 1}"
    if cut:
        note = wb.create_sheet("说明", 0)
        note.append(["表", "行数", "说明"])
        for table, n in cut.items():
            note.append([table, n, f"超过 Excel 的行数上限，仅含前 {EXCEL_ROWS - 1} 行；"
                                   f"完整数据见 csv/{path.stem}/{table}.csv"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_csv(folder: Path, data: dict[str, tuple[pd.DataFrame, dict[str, str]]]) -> list[Path]:
    """One CSV a table, UTF-8 with a byte-order mark (Excel then reads the Chinese), the same
    headers as the workbook."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table, (df, names) in data.items():
        path = folder / f"{table}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow([names.get(c, c) for c in df.columns])
            w.writerows([["" if (v := _cell(x)) is None else v for x in row]
                         for row in df.itertuples(index=False)])
        written.append(path)
    return written


def slug(department: str, year: int) -> str:
    """A file name for a department-year (the name as printed: Chinese is a valid file name)."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", department) + f"_{year}"


def export(con: duckdb.DuckDBPyConnection, reviews: Path, out: Path,
           department: str | None = None, year: int | None = None,
           max_cells: int | None = None) -> list[Path]:
    """The workbook and CSV folder of one department-year, or of everything (`全部`). Past
    `max_cells` cells only the CSV files are written (openpyxl writes ~70,000 cells a second)."""
    name = slug(department, year) if department else "全部"
    data = sheets(con, reviews, department, year)
    written = write_csv(out / "csv" / name, data)
    cells = sum(df.size for df, _ in data.values())
    if max_cells is None or cells <= max_cells:
        written.insert(0, write_workbook(out / f"{name}.xlsx", data))
    return written
