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

{#-
    The text with every whitespace character removed, as Python's str.split() sees whitespace
    (the value parser of orchestration/extract/targets.py joins its pieces): besides the ASCII
    ones the separators \x1c-\x1f, NEL, no-break spaces and the ideographic space U+3000. The
    escapes differ: RE2 (DuckDB) spells a code point \x{3000}, PostgreSQL \u3000.
-#}
{% macro strip_unicode_whitespace(text) -%}
    {{ return(adapter.dispatch('strip_unicode_whitespace', 'perfwh')(text)) }}
{%- endmacro %}

{% macro duckdb__strip_unicode_whitespace(text) -%}
    regexp_replace({{ text }}, '[\t\n\x0b\f\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]+', '', 'g')
{%- endmacro %}

{% macro default__strip_unicode_whitespace(text) -%}
    regexp_replace({{ text }}, '[\t\n\v\f\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+', '', 'g')
{%- endmacro %}

{#-
    Does the whole text match the pattern? The pattern is anchored here, so both engines agree
    whichever alternative they try first. Patterns must stay in the syntax both read: no \d,
    \s, \w (PostgreSQL's follow the locale, RE2's are ASCII), classes spelled out.
-#}
{% macro regex_full_match(text, pattern) -%}
    {{ return(adapter.dispatch('regex_full_match', 'perfwh')(text, pattern)) }}
{%- endmacro %}

{% macro duckdb__regex_full_match(text, pattern) -%}
    regexp_full_match({{ text }}, '{{ pattern }}')
{%- endmacro %}

{% macro default__regex_full_match(text, pattern) -%}
    ({{ text }} ~ '^(?:{{ pattern }})$')
{%- endmacro %}

{#-
    The leading run of the text that a pattern of one greedy run matches ('' when none); a
    pattern of that shape matches the same text under RE2's first-alternative and PostgreSQL's
    longest-match rules.
-#}
{% macro regex_prefix(text, pattern) -%}
    {{ return(adapter.dispatch('regex_prefix', 'perfwh')(text, pattern)) }}
{%- endmacro %}

{% macro duckdb__regex_prefix(text, pattern) -%}
    regexp_extract({{ text }}, '^(?:{{ pattern }})')
{%- endmacro %}

{% macro default__regex_prefix(text, pattern) -%}
    coalesce(substring({{ text }} from '^(?:{{ pattern }})'), '')
{%- endmacro %}
