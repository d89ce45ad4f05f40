with

source as (

    select * from {{ source('raw', 'self_evaluation_funding') }}

),

renamed as (

    select
        project_name,
        cast(fiscal_year as integer) as fiscal_year,
        funding_source,
        source_label,
        initial_budget_wan,
        full_year_budget_wan,
        executed_wan,
        weight as budget_weight,
        execution_rate_pct as execution_rate_reported,
        score as budget_score_reported,
        adjustment_wan,
        balance_wan,
        balance_rate_pct,
        source_file,
        source_sha256,
        line_start,
        line_end,
        seq,
        page,
        table_no,
        row_no

    from source

)

select * from renamed
