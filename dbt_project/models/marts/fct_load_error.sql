-- Grain: one problem the last load met in a document: the document set aside whole, or a part
-- of a loaded document set aside (nothing of that part is in the other marts).
with

load_errors as (

    select * from {{ ref('stg_raw__load_errors') }}

),

documents as (

    select * from {{ ref('stg_raw__documents') }}

),

scoped as (

    select
        load_errors.source_file,
        load_errors.source_sha256,
        coalesce(load_errors.document_kind, documents.document_kind) as document_kind,
        case when load_errors.document_loaded then 'part' else 'document' end as set_aside,
        load_errors.page,
        load_errors.line,
        load_errors.message,
        documents.status as document_status
    from load_errors
    left join documents
        on load_errors.source_file = documents.source_file

)

select * from scoped
