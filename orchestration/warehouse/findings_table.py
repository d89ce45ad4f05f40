"""The audit_findings table: written by the quality step, read by dbt's department models.

Created empty with the raw schema, so that a build file is complete for dbt before its first
findings (a plain `dbt build`, the PostgreSQL copy); the quality step replaces it each night.
"""

from __future__ import annotations

import duckdb

AUDIT_FINDINGS_DDL = """
create or replace table main.audit_findings (
    check_id varchar not null,
    severity varchar not null,
    document_kind varchar not null,
    source_file varchar,
    project_name varchar,
    indicator_name varchar,
    expected varchar,
    actual varchar,
    difference decimal(20, 2),
    line_start bigint,
    line_end bigint,
    page integer,
    message varchar not null,
    description varchar not null,
    finding_id varchar,
    review_status varchar,
    reviewer varchar,
    review_reason varchar,
    reviewed_at timestamp,
    needs_recheck boolean
)"""

COLUMN_COMMENTS = {
    "check_id": "Check that found it (SE-RATE, SE-TOTAL-RULE, ER-QUOTE …; expectations/gx).",
    "severity": "error: a document contradicts itself or its scoring rule; warning: for the "
                "auditor to look at (a budget other than the request, a lowered target); "
                "rounding: explained by rounding, not wrong (a rate another convention "
                "gives, or a disclosure rule off by its table's rounding tail only: "
                "*-ROUNDING). None blocks a publish.",
    "document_kind": "self_evaluation, target_declaration, evaluation_report, department_budget, "
                     "final_accounts.",
    "source_file": "Document to look at.",
    "project_name": "项目名称 of the form, if the finding is about one.",
    "indicator_name": "指标 name, if the finding is about one indicator.",
    "expected": "What the document's other numbers or the rule say, as text.",
    "actual": "What the document prints, as text.",
    "difference": "actual - expected, where both are numbers.",
    "line_start": "First line of the document to look at.",
    "line_end": "Last line of the document to look at.",
    "page": "页码 Page of the PDF the finding names (file.pdf#page=N), where its check's frame "
            "has one (the disclosure rules, the budget and self-evaluation checks on PDFs); "
            "null otherwise (a text document, or a check whose frame has no page).",
    "message": "The finding in one sentence.",
    "description": "What the check asserts.",
    "finding_id": "发现编号 Stable id: hash of check, file, project, indicator and the ordinal "
                  "among findings sharing those (not lines or bytes: it survives a re-issue).",
    "review_status": "审核状态 confirmed, dismissed or open, from the reviews store "
                     "(perfwh review); null: not reviewed.",
    "reviewer": "审核人 Who reviewed the finding.",
    "review_reason": "审核理由 Why (a dismissal needs one).",
    "reviewed_at": "审核时间 When the current review was made (UTC).",
    "needs_recheck": "需复核 The document changed since the review (its sha256 differs).",
}

COMMENT = (
    "审计发现 Audit findings: every place where a source document's own numbers do not "
    "reconcile (GX finding suites, severity error) or changed between documents (warning), "
    "with the file and lines to look at."
)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_findings_table(con: duckdb.DuckDBPyConnection, *, replace: bool) -> None:
    """main.audit_findings with its comments: replaced (the quality step), or created where
    missing (the raw load)."""
    ddl = AUDIT_FINDINGS_DDL if replace else AUDIT_FINDINGS_DDL.replace(
        "create or replace table", "create table if not exists", 1)
    con.execute(ddl)
    con.execute(f"comment on table main.audit_findings is {_literal(COMMENT)}")
    for column, comment in COLUMN_COMMENTS.items():
        con.execute(f"comment on column main.audit_findings.{column} is {_literal(comment)}")
