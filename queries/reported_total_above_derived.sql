-- Which self-evaluations report a 总分 higher than the national scoring rule gives them,
-- and which indicator rows make up the difference?
select
    p.project_name,
    p.unit_name,
    p.fiscal_year,
    p.total_score_reported,
    p.total_score_derived,
    p.score_gap,
    i.indicator_name,
    i.target_raw,
    i.actual_raw,
    i.weight,
    i.score_reported,
    i.score_derived_high,
    i.score_gap as indicator_score_gap,
    i.source_file,
    i.line_start
from fct_project_year as p
inner join fct_indicator as i
    on p.project_key = i.project_key
    and p.fiscal_year = i.fiscal_year
    and p.document_kind = i.document_kind
where p.score_gap > 0
    and i.score_gap > 0
order by p.score_gap desc, i.seq
