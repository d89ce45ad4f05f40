with

source as (

    select * from {{ source('findings', 'audit_findings') }}

),

renamed as (

    select
        finding_id,
        check_id,
        severity,
        document_kind,
        source_file,
        project_name,
        page,
        line_start,
        review_status

    from source

)

select * from renamed
