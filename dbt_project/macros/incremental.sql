{#-
    Incremental models keyed by document. A night that starts from a copy of the published
    warehouse (orchestration/warehouse/delta.py) lists in raw.changed_documents the documents
    whose raw rows it replaced. A model whose rows each come from one document (or, for
    fct_indicator_target_change, from a pair of documents) then deletes the rows of those
    documents (the pre-hook) and inserts them again from its inputs (the model's filter);
    every other row is the published one, which the same code built from the same raw rows.
    A build from an empty file has no table yet, so is_incremental() is false and the model
    is built whole. Deleting and inserting by document is idempotent: a step run twice gives
    the same table.

    Each such model also names the source in a comment (-- depends_on:), since dbt only sees
    the source() calls that render when it parses, and is_incremental() is false then.
-#}

{% macro changed_documents() -%}
    (select source_file from {{ source('raw', 'changed_documents') }})
{%- endmacro %}

{#- The import CTE's filter: only the changed documents' rows, on an incremental build. -#}
{% macro where_document_changed(column='source_file') -%}
    {%- if is_incremental() %}
    where {{ column }} in {{ changed_documents() }}
    {%- endif -%}
{%- endmacro %}

{#- The pre-hook: remove the rows of the changed documents before they are inserted again. -#}
{% macro delete_changed_documents(columns=['source_file']) -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where {% for column in columns -%}
        {{ column }} in {{ changed_documents() }}{% if not loop.last %} or {% endif %}
    {%- endfor %}
    {%- endif -%}
{%- endmacro %}
