-- Which departments score themselves furthest above what the rules give, and how many
-- findings do their documents carry, by severity (the night's audit findings, dismissed ones
-- left out; fct_department_year counts them: int_department_findings)?
select
    department_name,
    fiscal_year,
    n_self_evaluation_forms,
    total_score_reported_mean,
    total_score_derived_mean,
    score_mean_gap,
    n_score_gaps,
    score_gap_abs_sum,
    execution_rate_derived,
    n_error_findings as n_errors,
    n_warning_findings as n_warnings,
    n_rounding_findings as n_rounding
from fct_department_year
where n_self_evaluation_forms > 0
order by abs(score_mean_gap) desc, score_gap_abs_sum desc, department_name, fiscal_year
