-- Grain: one row of an evaluation report's scored table (A, A1, A11 … C24, and TOTAL).
with

scores as (

    select * from {{ ref('stg_raw__evaluation_scores') }}

),

reports as (

    select * from {{ ref('stg_raw__evaluation_reports') }}

),

final as (

    select
        {{ project_key('reports.unit_name', 'reports.project_name') }} as project_key,
        scores.project_name,
        reports.unit_name,
        scores.fiscal_year,
        scores.code,
        scores.code_printed,
        scores.level,
        scores.parent_code,
        scores.indicator_name,
        scores.weight,
        scores.max_score,
        scores.score,
        scores.reference_weight,
        scores.source_file,
        scores.line_start,
        scores.line_end,
        scores.seq
    from scores
    inner join reports
        on scores.source_file = reports.source_file

)

select * from final
