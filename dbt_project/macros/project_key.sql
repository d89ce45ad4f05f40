{#- A project is its unit and its name with all whitespace removed (names wrap in the PDFs). -#}
{% macro project_key(unit_name, project_name) -%}
    md5({{ unit_name }} || '|' || {{ strip_whitespace(project_name) }})
{%- endmacro %}
