-- Grain: one section of a document read by pages (a PDF, or a text rendering with its pages):
-- a run of pages of one kind, told by the title that opens it, whatever the file is called.
with

sections as (

    select * from {{ ref('stg_raw__document_sections') }}

),

final as (

    select
        source_file,
        source_sha256,
        document_kind,
        section_no,
        section_kind,
        title,
        page_start,
        page_end,
        page_end - page_start + 1 as n_pages,
        document_kind is not null and section_kind = document_kind as is_extracted,
        line_start,
        line_end
    from sections

)

select * from final
