{#-
    numerator / denominator x scale, to `places` decimals, without a float in between.

    DuckDB divides DECIMALs as DOUBLE, so both sides are turned into integers of their
    smallest printed unit and divided as integers (exact_integer_type, integer_divide: see
    portable.sql). `mode` is 'truncate' (towards zero), 'up' (away from zero, for the
    non-negative amounts of the forms) or 'half_up'. Inputs must carry at most
    `input_places` decimals (the documents print two).
-#}
{% macro exact_ratio(numerator, denominator, scale, places, mode, input_places=2) -%}
    {%- set unit = 10 ** input_places -%}
    {%- set integer = exact_integer_type() -%}
    {%- set num = "cast(round(" ~ numerator ~ " * " ~ unit ~ ") as " ~ integer ~ ")" -%}
    {%- set den = "cast(round(" ~ denominator ~ " * " ~ unit ~ ") as " ~ integer ~ ")" -%}
    {%- set factor = scale * (10 ** places) -%}
    cast(case
        when {{ den }} is null or {{ den }} = 0 or {{ num }} is null then null
        when {{ mode }} = 'truncate'
            then cast({{ integer_divide(num ~ ' * ' ~ factor, den) }} as decimal(38, 0))
        when {{ mode }} = 'up'
            then cast({{ integer_divide(num ~ ' * ' ~ factor ~ ' + ' ~ den ~ ' - 1', den) }}
                      as decimal(38, 0))
        else cast({{ integer_divide(num ~ ' * ' ~ factor ~ ' * 2 + ' ~ den, den ~ ' * 2') }}
                  as decimal(38, 0))
    end * cast({{ 1 / (10 ** places) }} as decimal(18, {{ places }})) as decimal(18, {{ places }}))
{%- endmacro %}
