{#- The 评分等级 band (grade_bands seed) a score falls in; null for a null score. -#}
{% macro grade_band(score, bands='grade_bands') -%}
    (
        select {{ bands }}.grade
        from {{ bands }}
        where {{ score }} >= {{ bands }}.min_score
            and ({{ bands }}.max_score_exclusive is null
                 or {{ score }} < {{ bands }}.max_score_exclusive)
    )
{%- endmacro %}
