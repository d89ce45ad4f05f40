{#-
    The 类 of the functional classification a printed item name names, in the item's year: of
    the 类 (3-digit function codes) the seed classification_code_names gives that name, the one
    whose name it is in that year, else the one that bore it last (a document printing a 类's
    name of another year, 医疗卫生与计划生育支出 in 2024, still names 210); null for a name no
    类 has borne. A scalar subquery over `names`, a relation of the seed's columns.
-#}
{% macro function_class_code(item_name, fiscal_year, names) -%}
(
    select class_names.code
    from {{ names }} as class_names
    where class_names.classification = 'function'
        and length(class_names.code) = 3
        and class_names.name = {{ item_name }}
    order by
        case
            when {{ fiscal_year }} between coalesce(class_names.valid_from, 0)
                and coalesce(class_names.valid_to, 9999) then 0
            else 1
        end,
        coalesce(class_names.valid_to, 9999) desc,
        class_names.code
    limit 1
)
{%- endmacro %}
