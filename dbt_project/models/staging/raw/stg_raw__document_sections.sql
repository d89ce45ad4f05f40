with

source as (

    select * from {{ source('raw', 'document_section') }}

),

renamed as (

    select
        source_file,
        source_sha256,
        document_kind,
        cast(section_no as integer) as section_no,
        section_kind,
        title,
        cast(page_start as integer) as page_start,
        cast(page_end as integer) as page_end,
        line_start,
        line_end

    from source

)

select * from renamed
