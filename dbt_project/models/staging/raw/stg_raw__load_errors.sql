with

source as (

    select * from {{ source('raw', 'load_errors') }}

),

renamed as (

    select
        source_file,
        source_sha256,
        document_kind,
        cast(line as integer) as line,
        cast(page as integer) as page,
        message,
        document_loaded

    from source

)

select * from renamed
