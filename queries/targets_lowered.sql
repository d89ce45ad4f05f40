-- Which targets were lowered between the declaration and the self-evaluation, and then met?
select
    project_name,
    unit_name,
    indicator_name,
    declared_fiscal_year,
    declared_target_raw,
    later_fiscal_year,
    later_target_raw,
    actual_raw,
    achieved,
    declared_source_file,
    declared_line_start,
    later_source_file,
    later_line_start
from fct_indicator_target_change
where target_change = 'lowered'
order by achieved desc, project_name, indicator_name
