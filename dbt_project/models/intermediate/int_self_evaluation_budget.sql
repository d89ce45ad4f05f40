-- One row per self-evaluation form: its 年度资金总额 row beside the header, with the derived
-- execution rate and budget score computed by the rules in the scoring_rules seed, the rate
-- each rounded by the document's own convention (int_document_rounding: the rate's, and the
-- budget score's, which where the scores cannot tell is the rate's).
{{ config(materialized='incremental', incremental_strategy='append',
          pre_hook="{{ delete_changed_documents() }}") }}
-- depends_on: {{ source('raw', 'changed_documents') }}
with

projects as (

    select * from {{ ref('stg_raw__self_evaluation_projects') }}
    {{ where_document_changed() }}

),

funding as (

    select * from {{ ref('stg_raw__self_evaluation_funding') }}
    {{ where_document_changed() }}

),

rule_values as (

    select * from {{ ref('int_scoring_rules') }}

),

document_rounding as (

    select * from {{ ref('int_document_rounding') }}

),

totals as (

    select * from funding where funding_source = 'total'

),

joined as (

    select
        projects.project_name,
        projects.department_name,
        projects.unit_name,
        projects.fiscal_year,
        totals.initial_budget_wan,
        totals.full_year_budget_wan,
        totals.executed_wan,
        totals.budget_weight,
        totals.execution_rate_reported,
        totals.budget_score_reported,
        totals.line_start as budget_line_start,
        totals.line_end as budget_line_end,
        projects.total_weight,
        projects.total_score_reported,
        projects.grade_reported,
        projects.source_file,
        projects.source_sha256,
        projects.line_start,
        projects.line_end,
        projects.page,
        projects.table_no,
        projects.row_no,
        totals.page as budget_page,
        coalesce(document_rounding.rate_rounding, rule_values.rate_rounding) as rate_rounding,
        coalesce(document_rounding.score_rounding, rule_values.score_rounding) as score_rounding
    from projects
    inner join totals
        on projects.source_file = totals.source_file
        and projects.project_name = totals.project_name
        and totals.line_start between projects.line_start and projects.line_end
    left join document_rounding
        on projects.source_file = document_rounding.source_file
    cross join rule_values

),

rated as (

    select
        *,
        {{ exact_ratio('executed_wan', 'full_year_budget_wan', 100, 2, 'rate_rounding') }}
            as execution_rate_derived,
        -- A printed rate the document's convention does not give but another one does: a
        -- rounding note, not a wrong figure (first convention that gives it, in this order).
        case
            when execution_rate_reported
                = {{ exact_ratio('executed_wan', 'full_year_budget_wan', 100, 2, 'rate_rounding') }}
                then null
            when execution_rate_reported
                = {{ exact_ratio('executed_wan', 'full_year_budget_wan', 100, 2, "'truncate'") }}
                then 'truncate'
            when execution_rate_reported
                = {{ exact_ratio('executed_wan', 'full_year_budget_wan', 100, 2, "'half_up'") }}
                then 'half_up'
            when execution_rate_reported
                = {{ exact_ratio('executed_wan', 'full_year_budget_wan', 100, 2, "'up'") }}
                then 'up'
        end as execution_rate_rounding_other
    from joined

),

derived as (

    -- least() skips nulls (DuckDB and PostgreSQL alike), so a missing score stays missing
    -- explicitly; the cast keeps the scale in PostgreSQL (10.00, not 10.0).
    {%- set budget_score_uncapped = exact_ratio('execution_rate_derived * budget_weight', '100',
                                                1, 2, 'score_rounding', input_places=4) %}
    select
        *,
        cast(case
            when {{ budget_score_uncapped }} is null then null
            else least({{ budget_score_uncapped }}, budget_weight)
        end as decimal(18, 2)) as budget_score_derived
    from rated

)

select * from derived
