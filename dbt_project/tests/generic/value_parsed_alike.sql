{#-
    The extractor's parse of a printed value (Python, orchestration/extract/targets.py) equals
    the SQL parse of the same text (int_indicator_values): the rows where the two parsers
    disagree. `value`: the column holding the text parsed; `number`, `unit` and (when the table
    keeps it) `op`: the extractor's columns. A null text must give nulls. A disagreement is a
    bug in one of the parsers, not a finding about a document.
-#}
{% test value_parsed_alike(model, value, number, unit, op=none) %}

with

extracted as (

    select * from {{ model }}

),

parsed as (

    select * from {{ ref('int_indicator_values') }}

),

compared as (

    select
        extracted.{{ value }} as value_raw,
        {% if op %}extracted.{{ op }}{% else %}cast(null as varchar){% endif %} as extractor_op,
        parsed.value_op as sql_op,
        extracted.{{ number }} as extractor_number,
        parsed.value_number as sql_number,
        extracted.{{ unit }} as extractor_unit,
        parsed.value_unit as sql_unit,
        extracted.{{ value }} is not null and parsed.value_raw is null as is_missing
    from extracted
    left join parsed
        on extracted.{{ value }} = parsed.value_raw

),

final as (

    select * from compared
    where is_missing
        {% if op %}or extractor_op is distinct from sql_op{% endif %}
        or extractor_number is distinct from sql_number
        or extractor_unit is distinct from sql_unit

)

select * from final

{% endtest %}
