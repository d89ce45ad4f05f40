{#-
    Each line with the official name of its classification code in the line's year
    (`name_official`): the seed classification_code_names' row in force that year; an economic
    code the seed does not list, the economic dimension's name; a year between two rows of a
    listed code, none. `lines` must carry classification, code and fiscal_year.
-#}
{% macro code_name_in_force(lines, code_names, economic_codes) -%}
    select
        {{ lines }}.*,
        case
            when in_force.name is not null then in_force.name
            -- A year between two rows of a listed code has no name of its own.
            when {{ lines }}.classification = 'economic' and not exists (
                select 1
                from {{ code_names }}
                where {{ code_names }}.classification = 'economic'
                    and {{ code_names }}.code = {{ lines }}.code
            ) then {{ economic_codes }}.name
        end as name_official
    from {{ lines }}
    left join {{ code_names }} as in_force
        on {{ lines }}.classification = in_force.classification
        and {{ lines }}.code = in_force.code
        and {{ lines }}.fiscal_year between coalesce(in_force.valid_from, 0)
            and coalesce(in_force.valid_to, 9999)
    left join {{ economic_codes }}
        on {{ lines }}.classification = 'economic' and {{ lines }}.code = {{ economic_codes }}.code
{%- endmacro %}
