"""The expectation suites, as code; written into the file-backed context in `expectations/`.

Each expectation carries `meta`: a check id, a severity and a sentence for auditors.
Severity "blocking" means the pipeline broke (nothing is published); "finding" means a source
document's own numbers disagree (reported, never blocking).
"""

from __future__ import annotations

from dataclasses import dataclass

import great_expectations as gx
import great_expectations.expectations as gxe


@dataclass(frozen=True)
class SuiteSpec:
    name: str
    query: str  # the frame the suite validates, read from the warehouse
    severity: str  # blocking | finding
    expectations: tuple[gxe.Expectation, ...]


def _meta(check_id: str, description: str) -> dict:
    return {"check_id": check_id, "description": description}


# Decimals are compared as their printed text: pandas would turn DECIMAL into float64.
SELF_EVALUATION_FRAME = """
select
    project_name, unit_name, fiscal_year, source_file, line_start, line_end,
    cast(execution_rate_reported as varchar) as execution_rate_reported,
    cast(execution_rate_derived as varchar) as execution_rate_derived,
    cast(total_score_reported as double) as total_score_reported,
    cast(full_year_budget_yuan as varchar) as full_year_budget_yuan,
    cast(executed_yuan as varchar) as executed_yuan
from main.fct_project_year
where document_kind = 'self_evaluation'
order by source_file, line_start
"""


def suite_specs() -> tuple[SuiteSpec, ...]:
    return (
        SuiteSpec(
            name="self_evaluation_reconciliation",
            query=SELF_EVALUATION_FRAME,
            severity="finding",
            expectations=(
                gxe.ExpectColumnPairValuesToBeEqual(
                    column_A="execution_rate_derived",
                    column_B="execution_rate_reported",
                    meta=_meta(
                        "SE-RATE",
                        "全年执行数 / 全年预算数 x 100, cut to two decimals, "
                        "equals the printed 执行率.",
                    ),
                ),
                gxe.ExpectColumnValuesToBeBetween(
                    column="total_score_reported",
                    min_value=0,
                    max_value=100,
                    meta=_meta("SE-TOTAL-RANGE", "总分 lies between 0 and 100."),
                ),
            ),
        ),
        SuiteSpec(
            name="self_evaluation_pipeline_invariants",
            query=SELF_EVALUATION_FRAME,
            severity="blocking",
            expectations=(
                gxe.ExpectTableRowCountToEqual(
                    value={"$PARAMETER": "raw_self_evaluation_forms"},
                    meta=_meta(
                        "PI-SE-ROWS",
                        "Every self-evaluation form extracted into raw reaches fct_project_year.",
                    ),
                ),
                *(
                    gxe.ExpectColumnValuesToNotBeNull(
                        column=col,
                        meta=_meta(f"PI-SE-NOTNULL-{col}", f"No {col} is lost on the way."),
                    )
                    for col in (
                        "full_year_budget_yuan", "executed_yuan",
                        "execution_rate_reported", "total_score_reported",
                    )
                ),
            ),
        ),
    )  # fmt: skip


def expectation_suite_for(spec: SuiteSpec) -> gx.ExpectationSuite:
    severity = "critical" if spec.severity == "blocking" else "warning"
    suite = gx.ExpectationSuite(name=spec.name, meta={"severity": spec.severity})
    for expectation in spec.expectations:
        expectation.severity = severity
        suite.add_expectation(expectation)
    return suite


def file_context(root: str):
    """The file-backed GX context in `root` (the project's expectations/ folder)."""
    return gx.get_context(mode="file", project_root_dir=root)
