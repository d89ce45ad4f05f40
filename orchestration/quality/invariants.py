"""Pipeline invariants per document kind: what raw holds reaches the marts, whole.

Each flow names a raw table, the mart its rows become, how a raw row finds its mart row, the
mart's key and the amounts carried over. The frame has one row per loaded document and flow:
rows in raw and in the mart, mart rows with a null or repeated key, amounts raw holds that
the mart lost. Tolerance: none (every count must match exactly). A failure is blocking.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Flow:
    raw: str  # table in schema raw
    mart: str  # table in schema main
    where: str  # the mart's rows of this document kind
    join: tuple[str, ...]  # columns pairing a raw row with its mart row (besides source_file)
    keys: tuple[str, ...]  # the mart's key
    amounts: tuple[tuple[str, str], ...] = ()  # (raw column, mart column)


FLOWS: dict[str, tuple[Flow, ...]] = {
    "self_evaluation": (
        Flow("self_evaluation_project", "fct_project_year", "document_kind = 'self_evaluation'",
             ("line_start",), ("project_key", "fiscal_year", "document_kind"),
             (("total_score_reported", "total_score_reported"),)),
        Flow("self_evaluation_funding", "fct_project_funding",
             "document_kind = 'self_evaluation'", ("line_start",),
             ("project_key", "fiscal_year", "document_kind", "funding_source", "source_label"),
             (("initial_budget_wan", "initial_budget_wan"),
              ("full_year_budget_wan", "full_year_budget_wan"), ("executed_wan", "executed_wan"))),
        Flow("self_evaluation_indicator", "fct_indicator", "document_kind = 'self_evaluation'",
             ("seq",), ("source_file", "seq"),
             (("weight", "weight"), ("score_reported", "score_reported"),
              ("target_value", "target_value"), ("actual_value", "actual_value"))),
    ),
    "target_declaration": (
        Flow("declaration_project", "fct_project_year", "document_kind = 'target_declaration'",
             ("line_start",), ("project_key", "fiscal_year", "document_kind"),
             (("year_request_yuan", "declared_amount_yuan"),)),
        Flow("declaration_indicator", "fct_indicator", "document_kind = 'target_declaration'",
             ("seq",), ("source_file", "seq"), (("target_value", "target_value"),)),
        Flow("form_amount", "fct_form_amount", "true", ("seq",), ("source_file", "seq"),
             (("value", "value"), ("amount_yuan", "amount_yuan"))),
    ),
    "evaluation_report": (
        Flow("evaluation_report", "fct_project_year", "document_kind = 'evaluation_report'",
             (), ("project_key", "fiscal_year", "document_kind"),
             (("actual_spending_yuan", "executed_yuan"),
              ("total_score", "total_score_reported"))),
        Flow("evaluation_score", "fct_evaluation_score", "true", ("seq",),
             ("source_file", "code"), (("weight", "weight"), ("score", "score"))),
        Flow("form_amount", "fct_form_amount", "true", ("seq",), ("source_file", "seq"),
             (("value", "value"), ("amount_yuan", "amount_yuan"))),
    ),
    "department_budget": (
        Flow("budget_line", "fct_budget_line", "true", ("seq",),
             ("source_file", "table_name", "code"),
             tuple((c, c) for c in (
                 "total_yuan", "appropriation_yuan", "business_income_yuan",
                 "operating_income_yuan", "other_income_yuan", "basic_yuan", "project_yuan",
                 "personnel_yuan", "public_yuan"))),
        Flow("budget_summary", "fct_budget_summary", "true", ("seq",), ("source_file", "seq"),
             tuple((c, c) for c in (
                 "amount_yuan", "general_budget_yuan", "gov_fund_yuan", "state_capital_yuan",
                 "basic_yuan", "personnel_yuan", "public_yuan", "project_yuan"))),
        Flow("budget_three_public", "fct_budget_three_public", "true", ("item",),
             ("source_file", "item"), (("amount_wan", "amount_wan"),)),
        Flow("budget_other_amount", "fct_budget_other_amount", "true", ("seq",),
             ("source_file", "seq"), (("amount_yuan", "amount_yuan"),)),
        Flow("document_section", "fct_document_section", "true", ("section_no",),
             ("source_file", "section_no")),
    ),
    "final_accounts": (
        Flow("final_line", "fct_final_line", "true", ("seq",),
             ("source_file", "table_name", "code"),
             tuple((c, c) for c in (
                 "carryover_start_yuan", "income_yuan", "appropriation_yuan", "other_income_yuan",
                 "expenditure_yuan", "basic_yuan", "project_yuan", "carryover_end_yuan"))),
        Flow("final_summary", "fct_final_summary", "true", ("seq",), ("source_file", "seq"),
             (("amount_yuan", "amount_yuan"), ("general_budget_yuan", "general_budget_yuan"))),
        Flow("final_three_public", "fct_final_three_public", "true", ("seq",),
             ("source_file", "stage", "item"), (("amount_wan", "amount_wan"),)),
        Flow("document_section", "fct_document_section", "true", ("section_no",),
             ("source_file", "section_no")),
    ),
}  # fmt: skip


def flow_sql(kind: str, flow: Flow) -> str:
    mart = f"(select * from main.{flow.mart} where {flow.where})"
    keys = ", ".join(flow.keys)
    same_key = " and ".join(f"x.{k} = dup.{k}" for k in flow.keys)
    null_key = " or ".join(f"m.{k} is null" for k in flow.keys)
    on = " and ".join(["r.source_file = m.source_file", *(f"r.{c} = m.{c}" for c in flow.join)])
    lost = " or ".join(f"(r.{a} is not null and m.{b} is null)" for a, b in flow.amounts)
    return f"""
select
    d.source_file,
    'raw.{flow.raw} -> {flow.mart}' as flow,
    (select count(*) from raw.{flow.raw} r where r.source_file = d.source_file) as raw_rows,
    (select count(*) from {mart} m where m.source_file = d.source_file) as mart_rows,
    (select count(*) from {mart} m where m.source_file = d.source_file and ({null_key}))
        + (select count(*) from (
              select {keys} from {mart} m group by {keys} having count(*) > 1) dup
           where exists (select 1 from {mart} x
                         where x.source_file = d.source_file and {same_key})) as bad_keys,
    (select count(*) from raw.{flow.raw} r inner join {mart} m on {on}
     where r.source_file = d.source_file and ({lost or 'false'})) as amounts_lost
from raw.documents d
where d.status = 'loaded' and d.document_kind = '{kind}'"""


def invariants_frame(kind: str) -> str:
    """The frame of one document kind's flows, one row per loaded document and flow."""
    parts = [flow_sql(kind, f) for f in FLOWS[kind]]
    return "\nunion all\n".join(parts) + "\norder by source_file, flow\n"
