with

source as (

    select * from {{ source('raw', 'evaluation_score') }}

),

renamed as (

    select
        project_name,
        cast(fiscal_year as integer) as fiscal_year,
        code,
        code_printed,
        cast(level as integer) as level,
        parent_code,
        indicator_name,
        cast(weight as decimal(18, 2)) as weight,
        cast(max_score as decimal(18, 2)) as max_score,
        cast(score as decimal(18, 2)) as score,
        cast(reference_weight as decimal(18, 2)) as reference_weight,
        source_file,
        source_sha256,
        line_start,
        line_end,
        seq

    from source

)

select * from renamed
