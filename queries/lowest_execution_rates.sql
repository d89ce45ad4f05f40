-- Which projects spent the smallest share of their full-year budget? (执行率 lowest first)
select
    project_name,
    unit_name,
    fiscal_year,
    document_kind,
    full_year_budget_yuan,
    executed_yuan,
    execution_rate_reported,
    execution_rate_derived,
    source_file,
    line_start
from fct_project_year
where execution_rate_derived is not null
order by execution_rate_derived, project_name
limit 5
