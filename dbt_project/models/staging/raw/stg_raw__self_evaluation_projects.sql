with

source as (

    select * from {{ source('raw', 'self_evaluation_project') }}

),

renamed as (

    select
        project_name,
        department_name,
        unit_name,
        cast(fiscal_year as integer) as fiscal_year,
        total_weight,
        total_score_reported,
        grade_reported,
        goal_expected,
        goal_actual,
        source_file,
        source_sha256,
        line_start,
        line_end,
        seq,
        form_scope,
        page,
        table_no,
        row_no

    from source

)

select * from renamed
