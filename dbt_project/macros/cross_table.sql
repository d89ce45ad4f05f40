{#-
    The CTEs of a table-against-table model (int_budget_cross_table, int_final_cross_table):
    each amount a table prints for a code beside the amount the reference table of the same
    measure prints for it (the measures seed: the lowest-ranked table printing the code), the
    reference's own rows left out. Emits line_amounts, summary_amounts, amounts, printed,
    referenced and final (its last CTE: the model selects * from final).

    lines: the relation of classification-table rows (code, name, line_start, line_end and
      the amount columns); a measure reads them where its side is empty.
    line_columns: the amount columns of lines a measure may name (measures.amount_column).
    line_filter: a condition on lines, or none.
    summary: the relation of 收支总表 items, already coded; a measure reads the side it names.
    summary_code: the column of summary holding the item's code (its items without one take
      no part).
    summary_columns: the amount columns of summary a measure may name.
    measures: the measures seed (measure, rank, table_name, side, amount_column).
    measure_columns: further columns of measures carried to every row (relation).
    with_page: carry each row's page, and its reference's as reference_page.
-#}
{% macro cross_table_ctes(lines, line_columns, summary, summary_code, summary_columns,
                          measures='measures', line_filter=none, measure_columns=[],
                          with_page=false) -%}

line_amounts as (

    select
        {{ lines }}.source_file,
        {{ lines }}.department_name,
        {{ lines }}.fiscal_year,
        {{ measures }}.measure,
        {%- for column in measure_columns %}
        {{ measures }}.{{ column }},
        {%- endfor %}
        {{ measures }}.rank,
        {{ lines }}.table_name,
        {{ measures }}.amount_column,
        {{ lines }}.code,
        {{ lines }}.name,
        {{ amount_of(measures ~ '.amount_column', lines, line_columns) }} as amount,
        {%- if with_page %}
        {{ lines }}.page,
        {%- endif %}
        {{ lines }}.line_start,
        {{ lines }}.line_end
    from {{ lines }}
    inner join {{ measures }}
        on {{ lines }}.table_name = {{ measures }}.table_name
        and coalesce({{ measures }}.side, '') = ''
    {%- if line_filter %}
    where {{ line_filter }}
    {%- endif %}

),

summary_amounts as (

    select
        {{ summary }}.source_file,
        {{ summary }}.department_name,
        {{ summary }}.fiscal_year,
        {{ measures }}.measure,
        {%- for column in measure_columns %}
        {{ measures }}.{{ column }},
        {%- endfor %}
        {{ measures }}.rank,
        {{ summary }}.table_name,
        {{ measures }}.amount_column,
        {{ summary }}.{{ summary_code }} as code,
        {{ summary }}.item_name as name,
        {{ amount_of(measures ~ '.amount_column', summary, summary_columns) }} as amount,
        {%- if with_page %}
        {{ summary }}.page,
        {%- endif %}
        {{ summary }}.line_start,
        {{ summary }}.line_end
    from {{ summary }}
    inner join {{ measures }}
        on {{ summary }}.table_name = {{ measures }}.table_name
        and {{ summary }}.side = {{ measures }}.side
    where {{ summary }}.{{ summary_code }} is not null

),

amounts as (

    select * from line_amounts
    union all
    select * from summary_amounts

),

printed as (

    select * from amounts where amount is not null

),

referenced as (

    select
        printed.*,
        first_value(table_name) over by_code as reference_table_name,
        first_value(amount) over by_code as reference_amount,
        {%- if with_page %}
        first_value(page) over by_code as reference_page,
        {%- endif %}
        first_value(line_start) over by_code as reference_line_start,
        first_value(rank) over by_code as reference_rank
    from printed
    window by_code as (partition by source_file, measure, code order by rank)

),

final as (

    select
        source_file,
        department_name,
        fiscal_year,
        measure,
        {%- for column in measure_columns %}
        {{ column }},
        {%- endfor %}
        code,
        name,
        table_name,
        amount_column,
        -- Scales pinned: PostgreSQL types a case over numeric columns without one.
        cast(amount as decimal(18, 2)) as amount,
        reference_table_name,
        cast(reference_amount as decimal(18, 2)) as reference_amount,
        cast(amount - reference_amount as decimal(19, 2)) as difference,
        {%- if with_page %}
        cast(page as integer) as page,
        {%- endif %}
        line_start,
        line_end,
        {%- if with_page %}
        cast(reference_page as integer) as reference_page,
        {%- endif %}
        reference_line_start
    from referenced
    where rank <> reference_rank

)

{%- endmacro %}


{#- The value of the column `selector` names, of those listed (`columns`) of `relation`. -#}
{% macro amount_of(selector, relation, columns) -%}
case {{ selector }}
            {%- for column in columns %}
            when '{{ column }}' then {{ relation }}.{{ column }}
            {%- endfor %}
        end
{%- endmacro %}
