{#-
    The few places where DuckDB and PostgreSQL differ, dispatched on the adapter; everything
    else in the models is SQL both run alike.
-#}

{#- An exact integer wide enough for amounts scaled to their smallest unit (x 10^8). -#}
{% macro exact_integer_type() -%}
    {{ return(adapter.dispatch('exact_integer_type', 'perfwh')()) }}
{%- endmacro %}

{% macro duckdb__exact_integer_type() -%}
    hugeint
{%- endmacro %}

{% macro default__exact_integer_type() -%}
    numeric(38, 0)
{%- endmacro %}

{#- Integer division truncating towards zero. -#}
{% macro integer_divide(numerator, denominator) -%}
    {{ return(adapter.dispatch('integer_divide', 'perfwh')(numerator, denominator)) }}
{%- endmacro %}

{% macro duckdb__integer_divide(numerator, denominator) -%}
    ({{ numerator }}) // ({{ denominator }})
{%- endmacro %}

{% macro default__integer_divide(numerator, denominator) -%}
    div({{ numerator }}, {{ denominator }})
{%- endmacro %}

{#-
    The text with every run of whitespace removed. The class is spelled out (it is what `\s`
    means in DuckDB's regular expressions): PostgreSQL's `\s` also matches the ideographic
    space U+3000, which would change the keys.
-#}
{% macro strip_whitespace(text) -%}
    regexp_replace({{ text }}, '[\t\n\f\r ]+', '', 'g')
{%- endmacro %}
