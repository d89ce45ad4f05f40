with

source as (

    select * from {{ source('raw', 'evaluation_report') }}

),

renamed as (

    select
        project_name,
        unit_name,
        department_name,
        cast(fiscal_year as integer) as fiscal_year,
        approved_budget_yuan,
        approved_budget_yuan_line,
        adjusted_budget_yuan,
        adjusted_budget_yuan_line,
        actual_spending_yuan,
        actual_spending_yuan_line,
        cast(execution_rate_pct as decimal(18, 2)) as execution_rate_pct,
        execution_rate_pct_line,
        planned_quantity,
        planned_quantity_unit,
        actual_quantity,
        actual_quantity_unit,
        cast(completion_rate_pct as decimal(18, 2)) as completion_rate_pct,
        completion_rate_pct_line,
        cast(total_score as decimal(18, 2)) as total_score,
        total_score_line,
        grade,
        grade_line,
        report_date_text,
        cast(report_year as integer) as report_year,
        cast(report_month as integer) as report_month,
        cast(report_day as integer) as report_day,
        report_date_line,
        evaluation_period_start,
        evaluation_period_end,
        evaluation_period_line,
        source_file,
        source_sha256,
        line_start,
        line_end,
        seq

    from source

)

select * from renamed
