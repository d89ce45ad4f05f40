-- Grain: one figure a performance form prints outside its kind's records, with what its parts
-- add up to when it is a total (a unit subtotal: its projects; a group: its items; 合计: the
-- units, or the groups of a table without units). Rates have no parts.
with

amounts as (

    select * from {{ ref('stg_raw__form_amounts') }}

),

child_sums as (

    select
        source_file,
        parent_label,
        column_label,
        sum(value) as parts_value,
        count(*) as n_parts
    from amounts
    where block in ('project', 'item') and unit_printed <> '%' and parent_label is not null
    group by source_file, parent_label, column_label

),

-- The 合计's parts: the units of a table that has units, else its groups.
top_blocks as (

    select
        source_file,
        case when count(*) filter (where block = 'unit') > 0 then 'unit' else 'group' end
            as part_block
    from amounts
    group by source_file

),

top_sums as (

    select
        amounts.source_file,
        amounts.column_label,
        sum(amounts.value) as parts_value,
        count(*) as n_parts
    from amounts
    inner join top_blocks
        on amounts.source_file = top_blocks.source_file
        and amounts.block = top_blocks.part_block
    where amounts.unit_printed <> '%'
    group by amounts.source_file, amounts.column_label

),

final as (

    select
        amounts.document_kind,
        amounts.department_name,
        amounts.unit_name,
        amounts.fiscal_year,
        amounts.table_name,
        amounts.block,
        amounts.item_no,
        amounts.row_label,
        amounts.parent_label,
        amounts.column_label,
        amounts.value,
        amounts.unit_printed,
        amounts.amount_yuan,
        case
            when amounts.unit_printed = '%' then null
            when amounts.block in ('unit', 'group') then child_sums.parts_value
            when amounts.block = 'total' then top_sums.parts_value
        end as parts_value,
        case
            when amounts.unit_printed = '%' then 0
            when amounts.block in ('unit', 'group') then coalesce(child_sums.n_parts, 0)
            when amounts.block = 'total' then coalesce(top_sums.n_parts, 0)
            else 0
        end as n_parts,
        amounts.page,
        amounts.table_no,
        amounts.row_no,
        amounts.source_file,
        amounts.line_start,
        amounts.line_end,
        amounts.seq
    from amounts
    left join child_sums
        on amounts.source_file = child_sums.source_file
        and amounts.row_label = child_sums.parent_label
        and amounts.column_label = child_sums.column_label
    left join top_sums
        on amounts.source_file = top_sums.source_file
        and amounts.column_label = top_sums.column_label

)

select * from final
