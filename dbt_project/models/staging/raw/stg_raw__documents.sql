with

source as (

    select * from {{ source('raw', 'documents') }}

),

renamed as (

    select
        source_file,
        source_sha256,
        document_kind,
        status,
        n_rows

    from source

)

select * from renamed
