-- Indicator rows summed per self-evaluation form: weights, reported and derived scores.
{{ config(materialized='incremental', incremental_strategy='append',
          pre_hook="{{ delete_changed_documents() }}") }}
-- depends_on: {{ source('raw', 'changed_documents') }}
with

indicators as (

    select * from {{ ref('int_self_evaluation_indicators_scored') }}
    {{ where_document_changed() }}

),

projects as (

    select * from {{ ref('stg_raw__self_evaluation_projects') }}
    {{ where_document_changed() }}

),

summed as (

    select
        projects.source_file,
        projects.project_name,
        projects.line_start,
        count(indicators.indicator_name) as n_indicators,
        coalesce(sum(indicators.weight), 0) as indicator_weight_sum,
        coalesce(sum(indicators.score_reported), 0) as indicator_score_sum_reported,
        coalesce(sum(indicators.score_derived_low), 0) as indicator_score_sum_derived_low,
        coalesce(sum(indicators.score_derived_high), 0) as indicator_score_sum_derived
    from projects
    left join indicators
        on projects.source_file = indicators.source_file
        and projects.project_name = indicators.project_name
        and indicators.line_start between projects.line_start and projects.line_end
    group by projects.source_file, projects.project_name, projects.line_start

)

select * from summed
