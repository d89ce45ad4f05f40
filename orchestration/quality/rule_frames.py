"""The frames of the disclosure rules (部门决算, 部门预算): one row per identity checked.

A frame has one row per identity, with the file, page and lines of the figure it names, the
figure as printed (`actual`), what the document's other figures give (`expected`) and a
`verdict`: holds, rounding (off by no more than the table's rounding tail, seed
`rounding_tails`) or differs. The catalogue (rules.py) judges it with `Verdict`.
"""

from __future__ import annotations

# Where a difference counts as a rounding tail: within the seed's tail for the table's unit.
_VERDICT = """case
        when checked.expected is null or checked.actual is null
            or checked.actual = checked.expected then 'holds'
        when abs(checked.actual - checked.expected) <= tails.tail_yuan * {scale}
            then 'rounding'
        else 'differs'
    end"""


def framed(body: str, scale: str = "1") -> str:
    """The standard frame around a rule's `checked` CTE (source_file, page, line_start,
    line_end, subject, unit_printed, expected, actual as exact decimals)."""
    return f"""
with tails as (
    select * from reference.rounding_tails
),
{body}
select
    checked.source_file, checked.page, checked.line_start, checked.line_end, checked.subject,
    cast(checked.expected as varchar) as expected,
    cast(checked.actual as varchar) as actual,
    {_VERDICT.format(scale=scale)} as verdict
from checked
left join tails on checked.unit_printed = tails.unit_printed
order by checked.source_file, checked.page, checked.line_start, checked.subject
"""


# --- 部门决算 -------------------------------------------------------------------------------------

_SUMMARY_ITEMS = """
items as (
    select * from main.fct_final_summary
),
"""

FA_BALANCE = framed(_SUMMARY_ITEMS + """
checked as (
    select
        expenditure.source_file, expenditure.page, expenditure.line_start,
        expenditure.line_end, expenditure.table_name || ' 总计' as subject,
        expenditure.unit_printed,
        income.amount_yuan as expected, expenditure.amount_yuan as actual
    from items as expenditure
    inner join items as income
        on expenditure.source_file = income.source_file
        and expenditure.table_name = income.table_name
        and income.side = 'income' and income.item_name = '总计'
    where expenditure.side = 'expenditure' and expenditure.item_name = '总计'
)
""")

# 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余 = 总计; 本年支出合计 + 结余分配 +
# 年末结转和结余 = 总计 (the 财政拨款 table says 年初财政拨款结转和结余).
FA_TOTALS = framed(_SUMMARY_ITEMS + """
parts as (
    select
        source_file, table_name, side,
        sum(amount_yuan) filter (
            where item_name in ('本年收入合计', '使用非财政拨款结余', '本年支出合计', '结余分配')
               or item_name like '年初%结转和结余' or item_name like '年末%结转和结余'
        ) as parts_yuan
    from items
    group by source_file, table_name, side
),
checked as (
    select
        totals.source_file, totals.page, totals.line_start, totals.line_end,
        totals.table_name || ' ' || totals.side || ' 总计' as subject, totals.unit_printed,
        parts.parts_yuan as expected, totals.amount_yuan as actual
    from items as totals
    inner join parts
        on totals.source_file = parts.source_file and totals.table_name = parts.table_name
        and totals.side = parts.side
    where totals.item_name = '总计'
)
""")

# The numbered items of a side (一、… 二十六、) add up to its 本年收入合计 / 本年支出合计.
FA_SUMMARY_PARTS = framed(_SUMMARY_ITEMS + """
parts as (
    select source_file, table_name, side, sum(amount_yuan) as parts_yuan
    from items
    where item_no is not null and not is_total
    group by source_file, table_name, side
),
checked as (
    select
        totals.source_file, totals.page, totals.line_start, totals.line_end,
        totals.table_name || ' ' || totals.item_name as subject, totals.unit_printed,
        parts.parts_yuan as expected, totals.amount_yuan as actual
    from items as totals
    inner join parts
        on totals.source_file = parts.source_file and totals.table_name = parts.table_name
        and totals.side = parts.side
    where totals.item_name in ('本年收入合计', '本年支出合计')
)
""")

_LINE_AMOUNTS = ("carryover_start_yuan", "income_yuan", "appropriation_yuan",
                 "business_income_yuan", "other_income_yuan", "expenditure_yuan", "basic_yuan",
                 "project_yuan", "carryover_end_yuan")

# 项 add up to 款, 款 to 类, 类 to 合计, in every amount column of every coded 决算 table.
FA_CHILDREN_SUM = framed(f"""
lines as (
    unpivot (
        select source_file, table_name, code, parent_code, level, page, line_start, line_end,
               unit_printed, {", ".join(_LINE_AMOUNTS)}
        from main.fct_final_line
        where classification = 'function'
    )
    on {", ".join(_LINE_AMOUNTS)}
    into name amount_column value amount
),
children as (
    select
        source_file, table_name, amount_column,
        case when level = '类' then 'TOTAL' else parent_code end as parent, sum(amount) as total
    from lines
    where level in ('类', '款', '项')
    group by all
),
checked as (
    select
        lines.source_file, lines.page, lines.line_start, lines.line_end,
        lines.table_name || ' ' || lines.code || ' ' || lines.amount_column as subject,
        lines.unit_printed, children.total as expected, lines.amount as actual
    from lines
    inner join children
        on lines.source_file = children.source_file and lines.table_name = children.table_name
        and lines.amount_column = children.amount_column and lines.code = children.parent
)
""")

# 基本支出 + 项目支出 = 本年支出 on every line that prints either (an empty cell is 0).
FA_BASIC_PROJECT = framed("""
checked as (
    select
        source_file, page, line_start, line_end, table_name || ' ' || code as subject,
        unit_printed, coalesce(basic_yuan, 0) + coalesce(project_yuan, 0) as expected,
        expenditure_yuan as actual
    from main.fct_final_line
    where classification = 'function' and (basic_yuan is not null or project_yuan is not null)
)
""")

# 人员经费合计 + 公用经费合计 (基本支出决算表) = the 基本支出 合计 of the 一般公共预算财政拨款
# 支出决算表.
FA_PERSONNEL_PUBLIC = framed("""
lines as (
    select * from main.fct_final_line
),
blocks as (
    select source_file, sum(expenditure_yuan) as blocks_yuan
    from lines
    where code in ('TOTAL:人员经费合计', 'TOTAL:公用经费合计')
    group by source_file
    having count(*) = 2
),
checked as (
    select
        basic.source_file, basic.page, basic.line_start, basic.line_end,
        basic.table_name || ' 合计 基本支出' as subject, basic.unit_printed,
        blocks.blocks_yuan as expected, basic.basic_yuan as actual
    from lines as basic
    inner join blocks on basic.source_file = blocks.source_file
    where basic.table_name = '一般公共预算财政拨款支出决算表' and basic.code = 'TOTAL'
)
""")

# 三公 = 因公出国（境） + 公务用车（购置 + 运行维护） + 公务接待, per stage (预算数, 决算数); the
# vehicles' figure = 购置 + 运行维护. 万元 as printed (tail 0.01 万元).
FA_THREE_PUBLIC = framed("""
items as (
    select * from main.fct_final_three_public
),
parts as (
    select source_file, stage, parent_item, sum(amount_wan) as parts_wan
    from items
    where parent_item in ('total', 'official_vehicles')
    group by all
),
checked as (
    select
        items.source_file, items.page, items.line_start, items.line_end,
        items.stage || ' ' || items.item_name as subject, items.unit_printed,
        parts.parts_wan as expected, items.amount_wan as actual
    from items
    inner join parts
        on items.source_file = parts.source_file and items.stage = parts.stage
        and items.item = parts.parent_item
)
""", scale="0.0001")

# A narrative figure ("本年收入合计20451.35万元") and the summary item its clause names (seed
# final_narrative_measures), both in 元.
_NARRATIVE = """
quotes as (
    select * from staging.stg_raw__final_quotes
),
measures as (
    select * from reference.final_narrative_measures
),
conversions as (
    select * from reference.unit_conversions
),
items as (
    select * from main.fct_final_summary
),
paired as (
    select
        quotes.source_file, quotes.page, quotes.line_start, quotes.line_end,
        quotes.value_text || quotes.unit || ' = ' || items.table_name || ' '
            || items.item_name || ' (p' || cast(items.page as varchar) || ')' as subject,
        items.unit_printed, items.amount_yuan as table_yuan,
        quotes.value * conversions.factor as quoted_yuan
    from quotes
    inner join measures on quotes.label like '%' || measures.label_ending
    inner join conversions on quotes.unit = conversions.unit
    inner join items
        on quotes.source_file = items.source_file and items.table_name = measures.table_name
        and items.side = measures.side and items.item_name = measures.item_name
),
"""

FA_NARRATIVE = framed(_NARRATIVE + """
checked as (
    select *, table_yuan as expected, cast(quoted_yuan as decimal(38, 2)) as actual
    from paired
)
""")

# 10,000 times off, within 0.1 %: one figure's unit label is wrong (a 元 figure under 万元, or
# the reverse), where a document prints a figure twice.
_UNIT_VERDICT = """
select
    source_file, page, line_start, line_end, subject,
    cast(expected as varchar) as expected, cast(actual as varchar) as actual,
    case
        when coalesce(expected, 0) = 0 or coalesce(actual, 0) = 0 then 'holds'
        when abs(actual / expected - 10000) <= 10 or abs(expected / actual - 10000) <= 10
            then 'differs'
        else 'holds'
    end as verdict
from checked
order by source_file, page, line_start, subject
"""

# A 决算's narrative figure against the summary item its clause names, and every table
# against the reference table of the same code and measure (int_final_cross_table: the
# summaries' totals against the 收入 / 支出决算表's 合计, a code's 本年支出 in the 支出决算表
# and the 一般公共预算财政拨款支出决算表 …).
FA_UNIT = f"""
with {_NARRATIVE}
cross_table as (
    select * from intermediate.int_final_cross_table
),
checked as (
    select source_file, page, line_start, line_end, subject,
           table_yuan as expected, cast(quoted_yuan as decimal(38, 2)) as actual
    from paired
    union all
    select
        source_file, page, line_start, line_end,
        table_name || ' ' || code || ' (' || measure || ') = ' || reference_table_name
            || coalesce(' (p' || cast(reference_page as varchar) || ')', '') as subject,
        reference_amount as expected, amount as actual
    from cross_table
)
{_UNIT_VERDICT}"""

# Each table the seed required_tables lists for a 决算, printed (a title, with or without
# figures) or missing; a missing one is named at the first page of the document's 决算.
FA_REQUIRED_TABLES = """
with required as (
    select * from reference.required_tables where document_kind = 'final_accounts'
),
titles as (
    select * from staging.stg_raw__final_tables
),
documents as (
    select source_file, min(page_start) as page, min(line_start) as line_start,
           min(line_end) as line_end
    from main.fct_document_section
    -- a 决算 read as one: a budget whose page names a 决算 has no 决算 tables to ask for
    where section_kind = 'final_accounts' and document_kind = 'final_accounts'
    group by source_file
),
checked as (
    select
        documents.source_file, documents.page, documents.line_start, documents.line_end,
        required.title as subject, 'printed' as expected,
        case when exists (
            select 1 from titles
            where titles.source_file = documents.source_file
              and (titles.title = required.title
                   or (required.match = 'contains' and contains(titles.title, required.title)))
        ) then 'printed' else 'missing' end as actual
    from documents
    cross join required
)
select *, case when actual = expected then 'holds' else 'differs' end as verdict
from checked
order by source_file, subject
"""


def _norm(column: str) -> str:
    """A name with its brackets half-width: （境） and (境) are one name."""
    return f"replace(replace({column}, '（', '('), '）', ')')"


# The parent of a code is its leading digits (类 3, 款 5, 项 7): siblings share them.
_PARENT = "case length(code) when 5 then left(code, 3) when 7 then left(code, 5) end"


# When a code's printed name, not its own of the year, is a finding: another code's of the
# year (an error), or the code's own of other years only (its 科目 out of date: a note).
_JUDGED = {"sibling": "is_siblings", "year": "not is_siblings and name_years is not null"}


def code_name_frame(lines: str, judged: str = "sibling", summary: str | None = None) -> str:
    """A code printed with a name other than its own in the document's year.

    The name in force in year Y: the seed classification_code_names' row holding Y for a code
    it lists (every function code the warehouse knows; none in a year between its rows: not
    judged); else, for an economic code, the 2018 seed budget_economic_codes' (a checked
    list); else, for a code no seed knows, the name the documents of Y print most (of any
    year, if none of Y prints it).

    judged 'sibling': the printed name is the name in force of another code of its level and
    parent (an error). judged 'year': it is the code's own name of other years only (the 科目
    of another year: a note for the auditor)."""
    return f"""
with lines as (
    select *, {_norm('name_printed')} as printed, {_PARENT} as parent
    from {lines}
    where code not like 'TOTAL%' and name_printed is not null
),
years as (
    select distinct fiscal_year from lines
    {"union select distinct fiscal_year from " + summary if summary else ""}
),
by_year as (
    select classification, code, {_norm('name')} as name, valid_from, valid_to
    from reference.classification_code_names
),
seeded as (
    select 'economic' as classification, code, {_norm('name')} as name
    from reference.budget_economic_codes
),
printed_names as (
    select classification, code, fiscal_year, printed as name, count(*) as n
    from (
        select classification, code, fiscal_year, {_norm('name_printed')} as printed
        from main.fct_budget_line
        where code <> 'TOTAL' and name_printed is not null
        union all
        select classification, code, fiscal_year, {_norm('name_printed')}
        from main.fct_final_line
        where code not like 'TOTAL%' and name_printed is not null
    )
    group by all
),
in_force as (
    select years.fiscal_year, by_year.classification, by_year.code, by_year.name
    from years
    inner join by_year
        on years.fiscal_year between coalesce(by_year.valid_from, 0)
                                 and coalesce(by_year.valid_to, 9999)
    union all
    select years.fiscal_year, seeded.classification, seeded.code, seeded.name
    from years
    cross join seeded
    where (seeded.classification, seeded.code) not in (
        select classification, code from by_year)
    union all
    (
        select years.fiscal_year, printed_names.classification, printed_names.code,
               printed_names.name
        from years
        cross join printed_names
        where (printed_names.classification, printed_names.code) not in (
                  select classification, code from by_year
                  union all
                  select classification, code from seeded)
        qualify row_number() over (
            partition by years.fiscal_year, printed_names.classification, printed_names.code
            order by (printed_names.fiscal_year = years.fiscal_year) desc, printed_names.n desc,
                     printed_names.name) = 1
    )
),
named as (
    select
        lines.*, own.name as own_name,
        exists (
            select 1 from in_force as sibling
            where sibling.fiscal_year = lines.fiscal_year
              and sibling.classification = lines.classification
              and sibling.code <> lines.code
              and length(sibling.code) = length(lines.code)
              and coalesce({_PARENT.replace('code', 'sibling.code')}, '')
                  = coalesce(lines.parent, '')
              and sibling.name = lines.printed
        ) as is_siblings,
        (
            select string_agg(case
                when other.valid_from is null then 'until ' || other.valid_to
                when other.valid_to is null then 'from ' || other.valid_from
                else other.valid_from || '-' || other.valid_to
            end, ', ')
            from by_year as other
            where other.classification = lines.classification and other.code = lines.code
              and other.name = lines.printed
        ) as name_years
    from lines
    left join in_force as own
        on lines.fiscal_year = own.fiscal_year
        and lines.classification = own.classification and lines.code = own.code
)
select
    source_file, page, line_start, line_end, table_name || ' ' || code as subject,
    fiscal_year, name_years,
    own_name as expected, printed as actual,
    case
        when own_name is null or printed = own_name then 'holds'
        when {_JUDGED[judged]} then 'differs'
        else 'holds'
    end as verdict
from named
{_summary_names(summary) if summary else ""}
order by source_file, page, line_start
"""


def _summary_names(summary: str) -> str:
    """The expenditure items of a summary table (收支总表) are 类 printed by name, without
    their code: an item named as a 类 is named in other years only (医疗卫生与计划生育支出 in a
    2024 budget) is that 类 by an out-of-date name."""
    return f"""
union all
select
    items.source_file, items.page, items.line_start, items.line_end,
    items.table_name || ' ' || named.code as subject, items.fiscal_year,
    case
        when named.valid_from is null then 'until ' || named.valid_to
        when named.valid_to is null then 'from ' || named.valid_from
        else named.valid_from || '-' || named.valid_to
    end as name_years,
    own.name as expected, named.name as actual,
    case
        when own.name is null or own.name = named.name then 'holds' else 'differs'
    end as verdict
from {summary} as items
inner join by_year as named
    on named.classification = 'function' and length(named.code) = 3
    and named.name = {_norm('items.item_name')}
left join in_force as own
    on own.fiscal_year = items.fiscal_year and own.classification = 'function'
    and own.code = named.code
where items.side = 'expenditure' and not items.is_total"""


# --- 部门预算 -------------------------------------------------------------------------------------

# Each table of the set (seed required_tables) a 部门预算 is held to, printed (a title, with or
# without figures) or missing, named at the budget's first page. Bodies title their tables
# their own way: a budget is held to the set of its scope (部门 / 单位) and year it prints most
# titles of. A budget printing no title of any set (北京's 情况说明, whose tables are another
# attachment) is one row, verdict absent (DB-TABLES-ABSENT), not a row per table.
DB_REQUIRED_TABLES = """
with required as (
    select * from reference.required_tables where document_kind = 'department_budget'
),
titles as (
    select * from staging.stg_raw__budget_tables
),
loaded as (
    select * from staging.stg_raw__documents
    where status = 'loaded' and document_kind = 'department_budget'
),
sections as (
    select source_file, min(page_start) as page, min(line_start) as line_start,
           min(line_end) as line_end
    from main.fct_document_section
    where section_kind = 'department_budget'
    group by source_file
),
documents as (
    select
        loaded.source_file, sections.page, coalesce(sections.line_start, 1) as line_start,
        coalesce(sections.line_end, 1) as line_end,
        (select count(*) from titles where titles.source_file = loaded.source_file)
            as n_titles,
        (select coalesce(max(budget_scope), 'department') from titles
         where titles.source_file = loaded.source_file) as budget_scope,
        (select max(fiscal_year) from titles
         where titles.source_file = loaded.source_file) as fiscal_year
    from loaded
    left join sections on loaded.source_file = sections.source_file
),
asked as (
    select
        documents.*, required.table_set, required.title,
        exists (
            select 1 from titles
            where titles.source_file = documents.source_file
              and (titles.title = required.title
                   or (required.match = 'contains' and contains(titles.title, required.title)))
        ) as is_printed
    from documents
    inner join required
        on required.budget_scope in (documents.budget_scope, 'any')
        and (required.from_year is null or documents.fiscal_year >= required.from_year)
),
held_to as (
    select source_file, table_set
    from asked
    group by source_file, table_set
    having count(*) filter (where is_printed) > 0
    qualify row_number() over (
        partition by source_file
        order by count(*) filter (where is_printed) desc,
                 count(*) filter (where not is_printed), table_set) = 1
),
checked as (
    select
        asked.source_file, asked.page, asked.line_start, asked.line_end,
        asked.title as subject, 'printed' as expected,
        case when asked.is_printed then 'printed' else 'missing' end as actual
    from asked
    inner join held_to
        on asked.source_file = held_to.source_file and asked.table_set = held_to.table_set
    union all
    select
        source_file, page, line_start, line_end,
        case when n_titles = 0 then 'no table'
             else cast(n_titles as varchar) || ' titles of no known set' end as subject,
        'printed' as expected, 'absent' as actual
    from documents
    where source_file not in (select source_file from held_to)
)
select
    *,
    case when actual = expected then 'holds' when actual = 'absent' then 'absent'
         else 'differs' end as verdict
from checked
order by source_file, subject
"""

# The numbered items of a 部门预算 summary side (一、二、…; their sub-items 1、2 left out) add up
# to its 小计; with the side's unnumbered items (上年结转, 结转下年 …) to its 合计 / 总计.
DB_SUMMARY_PARTS = framed("""
items as (
    select * from main.fct_budget_summary
),
parts as (
    select
        source_file, table_name, side,
        sum(amount_yuan) filter (where item_no is not null) as numbered_yuan,
        sum(amount_yuan) as all_yuan
    from items
    where not is_total and parent_item is null
    group by all
),
checked as (
    select
        totals.source_file, totals.page, totals.line_start, totals.line_end,
        totals.table_name || ' ' || totals.item_name as subject, totals.unit_printed,
        case when totals.item_name like '%小计' then parts.numbered_yuan
             else parts.all_yuan end as expected,
        totals.amount_yuan as actual
    from items as totals
    inner join parts
        on totals.source_file = parts.source_file and totals.table_name = parts.table_name
        and totals.side = parts.side
    where totals.is_total
)
""")

# A narrative figure of a 部门预算 ("支出预算9,101.68万元") and the summary total its clause
# names (seed budget_narrative_measures: the longest ending decides), both in 元, with the
# worth of the quote's last printed digit (0.01 万元 = 100 元; a whole 万元 = 10,000 元).
_BUDGET_NARRATIVE = """
quotes as (
    select * from staging.stg_raw__budget_quotes where value_kind = 'amount'
),
measures as (
    select * from reference.budget_narrative_measures
),
conversions as (
    select * from reference.unit_conversions
),
totals as (
    select * from main.fct_budget_summary where is_total
),
claimed as (
    select quotes.*, measures.label_ending
    from quotes
    inner join measures on quotes.label like '%' || measures.label_ending
    qualify rank() over (partition by quotes.source_file, quotes.seq
                         order by length(measures.label_ending) desc) = 1
),
paired as (
    select
        claimed.source_file, claimed.page, claimed.line_start, claimed.line_end,
        claimed.value_text || claimed.unit || ' = ' || totals.table_name || ' '
            || totals.item_name || coalesce(' (p' || cast(totals.page as varchar) || ')', '')
            as subject,
        totals.amount_yuan as table_yuan,
        cast(claimed.value * conversions.factor as decimal(38, 2)) as quoted_yuan,
        cast(conversions.factor as decimal(38, 6)) / cast(10 ^ length(coalesce(
            nullif(split_part(replace(claimed.value_text, ',', ''), '.', 2), ''), ''))
            as decimal(38, 6)) as last_digit_yuan
    from claimed
    inner join measures
        on claimed.label_ending = measures.label_ending and measures.table_name is not null
    inner join conversions on claimed.unit = conversions.unit
    inner join totals
        on claimed.source_file = totals.source_file and totals.table_name = measures.table_name
        and totals.side = measures.side and totals.item_name = measures.item_name
)
"""

# Within half the last printed digit: the quote is the table's figure rounded as printed
# (holds); within a whole digit: cut rather than rounded (rounding); beyond: differs.
DB_NARRATIVE = f"""
with {_BUDGET_NARRATIVE}
select
    source_file, page, line_start, line_end, subject,
    cast(table_yuan as varchar) as expected, cast(quoted_yuan as varchar) as actual,
    case
        when table_yuan is null or abs(quoted_yuan - table_yuan) * 2 <= last_digit_yuan
            then 'holds'
        when abs(quoted_yuan - table_yuan) < last_digit_yuan then 'rounding'
        else 'differs'
    end as verdict
from paired
order by source_file, page, line_start, subject
"""

# Read where a 部门预算 prints a figure twice: its narrative against its summary
# totals, and every table against the reference table of the same code and measure
# (int_budget_cross_table).
DB_UNIT = f"""
with {_BUDGET_NARRATIVE},
cross_table as (
    select * from intermediate.int_budget_cross_table
),
pages as (
    select source_file, line_start, min(page) as page
    from (
        select source_file, line_start, page from main.fct_budget_line
        union all
        select source_file, line_start, page from main.fct_budget_summary
    )
    where page is not null
    group by all
),
checked as (
    select source_file, page, line_start, line_end, subject,
           table_yuan as expected, quoted_yuan as actual
    from paired
    union all
    select
        cross_table.source_file, pages.page, cross_table.line_start, cross_table.line_end,
        cross_table.table_name || ' ' || cross_table.code || ' (' || cross_table.measure
            || ') = ' || cross_table.reference_table_name || ' (line '
            || cast(cross_table.reference_line_start as varchar) || ')' as subject,
        cross_table.reference_amount as expected, cross_table.amount as actual
    from cross_table
    left join pages
        on cross_table.source_file = pages.source_file
        and cross_table.line_start = pages.line_start
)
{_UNIT_VERDICT}"""


# 机关运行经费 the 决算's narrative says was spent (seed running_cost_labels) beside the
# 公用经费合计 of its 基本支出决算表, which holds it: above it by more than half the quote's last
# printed digit, it differs.
FA_RUNNING_COST = """
with quotes as (
    select * from staging.stg_raw__final_quotes
),
labels as (
    select * from reference.running_cost_labels where document_kind = 'final_accounts'
),
conversions as (
    select * from reference.unit_conversions
),
public_totals as (
    select * from main.fct_final_line where code = 'TOTAL:公用经费合计'
),
checked as (
    select
        quotes.source_file, quotes.page, quotes.line_start, quotes.line_end,
        '机关运行经费 ' || quotes.value_text || quotes.unit || ' within '
            || public_totals.table_name || ' 公用经费合计'
            || coalesce(' (p' || cast(public_totals.page as varchar) || ')', '') as subject,
        public_totals.expenditure_yuan as expected,
        cast(quotes.value * conversions.factor as decimal(38, 2)) as actual,
        cast(conversions.factor as decimal(38, 6)) / cast(10 ^ length(coalesce(
            nullif(split_part(replace(quotes.value_text, ',', ''), '.', 2), ''), ''))
            as decimal(38, 6)) as last_digit_yuan
    from quotes
    inner join labels on quotes.label like '%' || labels.label_ending
    inner join conversions on quotes.unit = conversions.unit
    inner join public_totals on quotes.source_file = public_totals.source_file
)
select
    source_file, page, line_start, line_end, subject,
    cast(expected as varchar) as expected, cast(actual as varchar) as actual,
    case
        when expected is null or actual * 2 <= expected * 2 + last_digit_yuan then 'holds'
        else 'differs'
    end as verdict
from checked
order by source_file, page, line_start, subject
"""


# --- Performance forms (绩效目标表, 评价报告 spending tables) -------------------------------------

def _form_subtotal_frame(kind: str) -> str:
    """Each 合计 / subtotal of a form's table against what its parts add up to
    (fct_form_amount.parts_value), in 元. The parts' rounding adds up: a sum of n figures
    each rounded to the table's unit may be off by (n + 1) / 2 of its tail."""
    return framed(f"""
checked as (
    select
        source_file, page, line_start, line_end,
        table_name || ' ' || row_label || ' ' || column_label as subject, unit_printed,
        n_parts,
        -- 元 per printed unit as an exact decimal (a decimal quotient would be a float); the
        -- parts are printed to the cent or the 0.01 万元, so the sum in 元 is whole cents.
        cast(parts_value * case unit_printed when '万元' then 10000 else 1 end
             as decimal(18, 2)) as expected,
        amount_yuan as actual
    from main.fct_form_amount
    where document_kind = '{kind}' and parts_value is not null and n_parts > 0
)
""", scale="(checked.n_parts + 1) / 2.0")


PT_SUBTOTAL = _form_subtotal_frame("target_declaration")
ER_TABLE_SUM = _form_subtotal_frame("evaluation_report")

# 执行率 printed in an evaluation report's spending table against 实际执行 / 预算批复 of its row,
# computed on integers (cents): half-up holds; truncated or rounded up is another convention's
# figure (rounding); anything else differs.
ER_TABLE_RATE = """
with amounts as (
    select * from main.fct_form_amount where document_kind = 'evaluation_report'
),
rates as (
    select
        rate.source_file, rate.page, rate.line_start, rate.line_end,
        rate.table_name || ' ' || rate.row_label || ' 执行率' as subject,
        cast(rate.value * 100 as bigint) as printed,
        cast(executed.value * 100 as bigint) as executed_cents,
        cast(approved.value * 100 as bigint) as approved_cents
    from amounts as rate
    inner join amounts as executed
        on rate.source_file = executed.source_file and rate.seq <> executed.seq
        and rate.line_start = executed.line_start and executed.column_label = '实际执行'
    inner join amounts as approved
        on rate.source_file = approved.source_file
        and rate.line_start = approved.line_start and approved.column_label = '预算批复'
    where rate.column_label = '执行率' and approved.value > 0
),
checked as (
    select
        *,
        (executed_cents * 20000 + approved_cents) // (2 * approved_cents) as half_up,
        (executed_cents * 10000) // approved_cents as truncated,
        (executed_cents * 10000 + approved_cents - 1) // approved_cents as rounded_up
    from rates
)
select
    source_file, page, line_start, line_end, subject,
    cast(cast(half_up as decimal(18, 0)) / 100 as varchar) as expected,
    cast(cast(printed as decimal(18, 0)) / 100 as varchar) as actual,
    case
        when printed = half_up then 'holds'
        when printed in (truncated, rounded_up) then 'rounding'
        else 'differs'
    end as verdict
from checked
order by source_file, page, line_start, subject
"""


# --- across years: a 部门预算's 比上年 sentences against the year before's budget ----------

# A sentence comparing a total with the year before's budget (compared_with 'budget': 上年预算,
# 年初预算数) where the warehouse holds that year's budget of the same unit (department_name)
# and scope (部门 / 单位预算): the stated change (sign x change) against this budget's figure
# less that budget's, and the previous figure, where printed, against that budget's. The
# figure is the summary total the clause names (seed budget_narrative_measures, as
# DB-NARRATIVE) or the 三公 table's item (seed three_public_narrative_items). Each figure is
# printed rounded to its digits, so their difference may be off the tables' by one last digit:
# within half of it holds, within one is rounding, beyond it differs.
DB_YEAR_ON_YEAR = """
with statements as (
    select * from staging.stg_raw__budget_year_on_year
    where compared_with = 'budget' and (sign = 0 or change_unit <> '%') and label is not null
),
measures as (
    select * from reference.budget_narrative_measures
),
three_public_labels as (
    select * from reference.three_public_narrative_items
),
conversions as (
    select * from reference.unit_conversions
),
endings as (
    select label_ending from measures
    union
    select label_ending from three_public_labels
),
documents as (
    select distinct source_file, department_name, fiscal_year, budget_scope
    from main.fct_budget_summary
),
-- every document's figure of a clause ending: (ending, measure key, what it is, page, 元)
figures as (
    select
        measures.label_ending, totals.source_file,
        totals.table_name || '/' || totals.side as measure,
        totals.table_name || ' ' || totals.item_name as item, totals.page, totals.amount_yuan
    from measures
    inner join main.fct_budget_summary as totals
        on totals.is_total and totals.table_name = measures.table_name
        and totals.side = measures.side and totals.item_name = measures.item_name
    union all
    select
        three_public_labels.label_ending, items.source_file, 'three_public/' || items.item,
        items.table_name || ' ' || items.item_name, items.page,
        cast(items.amount_wan * 10000 as decimal(38, 2))
    from three_public_labels
    inner join main.fct_budget_three_public as items
        on items.item = three_public_labels.item
),
-- the clause's ending: the longest it ends with (one per statement)
claimed as (
    select *
    from (
        select
            statements.*,
            (select endings.label_ending from endings
             where statements.label like '%' || endings.label_ending
             order by length(endings.label_ending) desc limit 1) as label_ending
        from statements
    )
    where label_ending is not null
),
paired as (
    select
        claimed.*,
        current_figure.page as current_page, current_figure.amount_yuan as current_yuan,
        previous.source_file as previous_file, previous_figure.page as previous_page,
        previous_figure.amount_yuan as previous_yuan, previous_figure.item as previous_item,
        conversions.factor
    from claimed
    inner join documents as this on claimed.source_file = this.source_file
    inner join documents as previous
        on previous.department_name = this.department_name
        and previous.budget_scope = this.budget_scope
        and previous.fiscal_year = claimed.compared_year
        and previous.source_file <> this.source_file
    inner join figures as current_figure
        on current_figure.label_ending = claimed.label_ending
        and current_figure.source_file = claimed.source_file
    inner join figures as previous_figure
        on previous_figure.label_ending = claimed.label_ending
        and previous_figure.source_file = previous.source_file
        and previous_figure.measure = current_figure.measure
    inner join conversions on conversions.unit = claimed.unit
    -- a table printing two totals the seed lists (合计 and 总计): the one the sentence's figure
    -- is, and that year's of the same name
    qualify row_number() over (
        partition by claimed.source_file, claimed.seq, previous.source_file
        order by abs(current_figure.amount_yuan - claimed.value * conversions.factor),
                 (previous_figure.item = current_figure.item) desc, previous_figure.item) = 1
),
-- last_digit_yuan: the worth of the printed figure's last digit, in 元
checked as (
    select
        source_file, page, line_start, line_end,
        label || ' ' || direction || coalesce(change_text || change_unit, '') || ' against '
            || compared_year || ' ' || basis as subject,
        'change' as part, current_page, previous_file, previous_page, previous_item,
        current_yuan, previous_yuan,
        current_yuan - previous_yuan as expected,
        cast(sign * coalesce(change, 0) * factor as decimal(38, 2)) as actual,
        cast(factor as decimal(38, 6)) / cast(10 ^ length(coalesce(nullif(split_part(
            replace(coalesce(change_text, value_text), ',', ''), '.', 2), ''), ''))
            as decimal(38, 6)) as last_digit_yuan
    from paired
    union all
    select
        source_file, page, line_start, line_end,
        label || ' ' || compared_year || basis || ' ' || previous_text || previous_unit
            as subject,
        'previous figure', current_page, previous_file, previous_page, previous_item,
        current_yuan, previous_yuan,
        previous_yuan,
        cast(previous_value * factor as decimal(38, 2)),
        cast(factor as decimal(38, 6)) / cast(10 ^ length(coalesce(nullif(split_part(
            replace(previous_text, ',', ''), '.', 2), ''), '')) as decimal(38, 6))
    from paired
    where previous_value is not null
)
select
    source_file, page, line_start, line_end, subject, part, current_page, previous_file,
    previous_page, previous_item,
    cast(current_yuan as varchar) as current_yuan, cast(previous_yuan as varchar) as previous_yuan,
    cast(expected as varchar) as expected, cast(actual as varchar) as actual,
    case
        when abs(actual - expected) * 2 <= last_digit_yuan then 'holds'
        when abs(actual - expected) <= last_digit_yuan then 'rounding'
        else 'differs'
    end as verdict
from checked
order by source_file, page, line_start, subject
"""


# --- parts set aside ------------------------------------------------------------------------------

# A part bound in a document of the kind (a 部门预算's 财政项目支出绩效目标填报表, a 部门决算's
# 绩效自评表) that could not be read: set aside at its page while the document loaded
# (raw.load_errors, document_loaded), one row a part; every row is a finding.
PART_SET_ASIDE = """
with errors as (
    select * from raw.load_errors
)
select
    source_file, page, line as line_start, line as line_end, message as subject,
    'read' as expected, 'set aside' as actual, 'set aside' as verdict
from errors
where document_loaded and page is not null and document_kind = '{kind}'
order by source_file, line
"""
