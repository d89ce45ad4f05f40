-- The 一级/二级 indicator taxonomy, one row per (level, label, parent).
with

levels as (

    select * from {{ ref('indicator_levels') }}

),

final as (

    select
        md5(level || '|' || label || '|' || coalesce(parent_label, '')) as indicator_level_key,
        level,
        label,
        parent_label,
        label_en
    from levels

)

select * from final
