with

source as (

    select * from {{ source('raw', 'evaluation_quote') }}

),

renamed as (

    select
        figure,
        code,
        subject,
        value,
        value_text,
        unit,
        text as quoted_text,
        source_file,
        source_sha256,
        line_start,
        line_end,
        seq

    from source

)

select * from renamed
