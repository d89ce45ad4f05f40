-- Which departments score themselves furthest above what the rules give, and how many
-- findings do their documents carry, by severity?
with documents as (
    select distinct source_file, department_name, fiscal_year from fct_project_year
    union
    select distinct source_file, department_name, fiscal_year from fct_budget_summary
    union
    select distinct source_file, department_name, fiscal_year from fct_final_summary
),
findings as (
    select
        documents.department_name,
        documents.fiscal_year,
        count(*) filter (where audit_findings.severity = 'error') as n_errors,
        count(*) filter (where audit_findings.severity = 'warning') as n_warnings,
        count(*) filter (where audit_findings.severity = 'rounding') as n_rounding
    from audit_findings
    inner join documents on audit_findings.source_file = documents.source_file
    group by documents.department_name, documents.fiscal_year
)
select
    d.department_name,
    d.fiscal_year,
    d.n_self_evaluation_forms,
    d.total_score_reported_mean,
    d.total_score_derived_mean,
    d.score_mean_gap,
    d.n_score_gaps,
    d.score_gap_abs_sum,
    d.execution_rate_derived,
    coalesce(findings.n_errors, 0) as n_errors,
    coalesce(findings.n_warnings, 0) as n_warnings,
    coalesce(findings.n_rounding, 0) as n_rounding
from fct_department_year as d
left join findings
    on d.department_name = findings.department_name
    and d.fiscal_year = findings.fiscal_year
where d.n_self_evaluation_forms > 0
order by abs(d.score_mean_gap) desc, d.score_gap_abs_sum desc, d.department_name, d.fiscal_year
