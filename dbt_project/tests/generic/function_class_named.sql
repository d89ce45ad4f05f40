{#-
    Every row whose `name_column` is a name some 类 of the functional classification has
    borne, in any year (seed classification_code_names), is coded (`column_name`) with a 类
    that bore that name: the rows so named left uncoded or coded otherwise.
-#}
{% test function_class_named(model, column_name, name_column) %}

with

items as (

    select * from {{ model }}

),

code_names as (

    select * from {{ ref('classification_code_names') }}

),

class_names as (

    select code, name
    from code_names
    where classification = 'function' and length(code) = 3

),

named as (

    select *
    from items
    where {{ name_column }} in (select name from class_names)

),

miscoded as (

    select *
    from named
    where not exists (
        select 1
        from class_names
        where class_names.name = named.{{ name_column }}
            and class_names.code = named.{{ column_name }}
    )

)

select * from miscoded

{% endtest %}
