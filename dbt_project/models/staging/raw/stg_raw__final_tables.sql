with

source as (

    select * from {{ source('raw', 'final_table') }}

),

renamed as (

    select
        title,
        cast(page as integer) as page,
        source_file,
        source_sha256,
        line_start,
        line_end,
        seq

    from source

)

select * from renamed
