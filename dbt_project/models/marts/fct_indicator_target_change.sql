-- The same indicator of the same project across documents and years: the target declared in a
-- 绩效目标申报表 beside the target and actual of a later 绩效自评表, to spot targets lowered so
-- that they are met. Indicators match on project and whitespace-free indicator name.
{{ config(materialized='incremental', incremental_strategy='append',
          pre_hook="{{ delete_changed_documents(['declared_source_file', 'later_source_file']) }}") }}
-- depends_on: {{ source('raw', 'changed_documents') }}
with

indicators as (

    select * from {{ ref('fct_indicator') }}

),

keyed as (

    select
        *,
        {{ strip_whitespace('indicator_name') }} as indicator_key
    from indicators
    {%- if is_incremental() %}
    -- A pair is of one project: only the projects of the changed documents can gain pairs.
    where project_key in (
        select project_key from indicators where source_file in {{ changed_documents() }}
    )
    {%- endif %}

),

declared as (

    select * from keyed where document_kind = 'target_declaration'

),

evaluated as (

    select * from keyed where document_kind = 'self_evaluation'

),

paired as (

    select
        evaluated.project_key,
        evaluated.project_name,
        evaluated.unit_name,
        evaluated.indicator_name,
        declared.fiscal_year as declared_fiscal_year,
        declared.target_raw as declared_target_raw,
        declared.target_op as declared_target_op,
        declared.target_value as declared_target_value,
        declared.target_unit as declared_target_unit,
        evaluated.fiscal_year as later_fiscal_year,
        evaluated.target_raw as later_target_raw,
        evaluated.target_op as later_target_op,
        evaluated.target_value as later_target_value,
        evaluated.target_unit as later_target_unit,
        evaluated.actual_raw,
        evaluated.actual_value,
        evaluated.achieved,
        declared.source_file as declared_source_file,
        declared.line_start as declared_line_start,
        evaluated.source_file as later_source_file,
        evaluated.line_start as later_line_start
    from evaluated
    inner join declared
        on evaluated.project_key = declared.project_key
        and evaluated.indicator_key = declared.indicator_key
        and declared.fiscal_year <= evaluated.fiscal_year
    {%- if is_incremental() %}
    where evaluated.source_file in {{ changed_documents() }}
        or declared.source_file in {{ changed_documents() }}
    {%- endif %}

),

final as (

    select
        *,
        case
            when declared_target_raw is not distinct from later_target_raw then 'unchanged'
            when declared_target_value is null or later_target_value is null
                or declared_target_unit is distinct from later_target_unit then 'changed'
            when later_target_op in ('≤', '<') and later_target_value > declared_target_value
                then 'lowered'
            when later_target_op not in ('≤', '<') and later_target_value < declared_target_value
                then 'lowered'
            when later_target_value = declared_target_value then 'restated'
            else 'raised'
        end as target_change
    from paired

)

select * from final
