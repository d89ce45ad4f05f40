"""Failing rows of the finding suites become `audit_findings`: one readable row per problem."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import duckdb
import pandas as pd

from ..warehouse.findings_table import create_findings_table
from .validate import SuiteOutcome


@dataclass(frozen=True)
class Finding:
    check_id: str
    severity: str
    document_kind: str
    source_file: str | None
    project_name: str | None
    indicator_name: str | None
    expected: str | None
    actual: str | None
    difference: Decimal | None
    line_start: int | None
    line_end: int | None
    page: int | None
    message: str
    description: str


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):  # NaN from pandas
        return None
    return str(value)


def _decimal(value: str | None) -> Decimal | None:
    try:
        return Decimal(value) if value is not None else None
    except InvalidOperation:
        return None


def findings_of(outcome: SuiteOutcome, document_kind: str) -> list[Finding]:
    out = []
    for o in outcome.outcomes:
        for row in o.failing_rows:
            exp_col, act_col = o.meta.get("expected"), o.meta.get("actual")
            expected = _text(row.get(exp_col)) if exp_col else None
            actual = _text(row.get(act_col)) if act_col else None
            exp_d, act_d = _decimal(expected), _decimal(actual)
            fields = {k: _text(v) for k, v in row.items()}
            fields.update(expected=expected, actual=actual)
            template = o.meta.get("message") or o.description
            out.append(Finding(
                check_id=o.check_id,
                severity=o.meta.get("severity", "error"),
                document_kind=document_kind,
                source_file=fields.get("source_file"),
                project_name=fields.get("project_name"),
                indicator_name=fields.get("indicator_name"),
                expected=expected,
                actual=actual,
                difference=(act_d - exp_d) if exp_d is not None and act_d is not None else None,
                line_start=_line(row, o.meta.get("lines", "line"), "start"),
                line_end=_line(row, o.meta.get("lines", "line"), "end"),
                page=int(row["page"]) if _text(row.get("page")) is not None else None,
                message=" ".join(template.format_map(
                    _Missing({k: "" if v is None else v for k, v in fields.items()})).split()),
                description=o.description,
            ))  # fmt: skip
    return out


def _line(row: dict, prefix: str, end: str) -> int | None:
    value = row.get(f"{prefix}_{end}", row.get(f"line_{end}"))
    return int(value) if _text(value) is not None else None


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def write_findings(con: duckdb.DuckDBPyConnection, findings: list[Finding]) -> None:
    create_findings_table(con, replace=True)
    if findings:
        # One insert from a registered frame: executemany runs row by row (16 s for the
        # findings of 10,000 documents). Decimals travel as text and are cast by the table.
        frame = pd.DataFrame([[str(v) if isinstance(v, Decimal) else v
                               for v in f.__dict__.values()] for f in findings],
                             columns=list(findings[0].__dict__), dtype=object)
        con.register("_findings", frame)
        try:
            con.execute(f"insert into main.audit_findings ({', '.join(frame.columns)}) "
                        "select * from _findings")
        finally:
            con.unregister("_findings")


def assign_ids(con: duckdb.DuckDBPyConnection) -> None:
    """finding_id of every row (new and carried over alike, so the same finding gets the
    same id every night): check, file, project, indicator and the ordinal among the findings
    sharing those, in line order. Line numbers and bytes are left out so that a document
    re-issued with the same problem keeps the id its review is filed under."""
    con.execute("""
        update main.audit_findings f set finding_id = i.finding_id
        from (
            select rowid as rid, substr(sha256(concat_ws('|', check_id,
                       coalesce(source_file, ''), coalesce(project_name, ''),
                       coalesce(indicator_name, ''),
                       row_number() over (
                           partition by check_id, source_file, project_name, indicator_name
                           order by line_start, line_end, message))), 1, 16) as finding_id
            from main.audit_findings
        ) i
        where f.rowid = i.rid""")
