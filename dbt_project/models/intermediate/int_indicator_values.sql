-- Every printed indicator value (targets and actuals of every document kind) parsed into
-- operator, number and unit by SQL, independently of the Python parser
-- (orchestration/extract/targets.py parse_value) but by the same rules and the same
-- conventions (seeds indicator_value_operators, indicator_units_without_sign). The test
-- value_parsed_alike holds each raw row's parsed columns to this model.
with

self_evaluation_indicators as (

    select * from {{ ref('stg_raw__self_evaluation_indicators') }}

),

declaration_indicators as (

    select * from {{ ref('stg_raw__declaration_indicators') }}

),

evaluation_targets as (

    select * from {{ ref('stg_raw__evaluation_targets') }}

),

budget_project_targets_read as (

    select * from {{ ref('int_budget_project_targets_read') }}

),

operators as (

    select * from {{ ref('indicator_value_operators') }}

),

units_without_sign as (

    select * from {{ ref('indicator_units_without_sign') }}

),

printed as (

    select target_raw as value_raw from self_evaluation_indicators
    union
    select actual_raw as value_raw from self_evaluation_indicators
    union
    select target_raw as value_raw from declaration_indicators
    union
    select target_raw as value_raw from evaluation_targets
    union
    select target_read_raw as value_raw from budget_project_targets_read

),

texts as (

    select
        value_raw,
        {{ strip_unicode_whitespace('value_raw') }} as value_text
    from printed
    where value_raw is not null

),

-- A word after the value standing for its sign ("98%以上"): the longest the text ends with,
-- if something is left before it.
trailing_words as (

    select
        texts.value_raw,
        operators.spelling,
        operators.operator,
        row_number() over (
            partition by texts.value_raw order by length(operators.spelling) desc
        ) as nth
    from texts
    inner join operators
        on operators.position = 'trailing'
        and length(texts.value_text) > length(operators.spelling)
        and right(texts.value_text, length(operators.spelling)) = operators.spelling

),

untrailed as (

    select
        texts.value_raw,
        texts.value_text,
        trailing_words.operator as trailing_op,
        case
            when trailing_words.spelling is null then texts.value_text
            else left(texts.value_text, length(texts.value_text) - length(trailing_words.spelling))
        end as body
    from texts
    left join trailing_words
        on texts.value_raw = trailing_words.value_raw
        and trailing_words.nth = 1

),

-- A sign before the number, in any spelling (">=", "＞"): the longest the body starts with.
leading_signs as (

    select
        untrailed.value_raw,
        operators.spelling,
        operators.operator,
        row_number() over (
            partition by untrailed.value_raw order by length(operators.spelling) desc
        ) as nth
    from untrailed
    inner join operators
        on operators.position = 'leading'
        and left(untrailed.body, length(operators.spelling)) = operators.spelling

),

signed as (

    select
        untrailed.value_raw,
        untrailed.value_text,
        untrailed.trailing_op,
        leading_signs.operator as leading_op,
        substr(untrailed.body, coalesce(length(leading_signs.spelling), 0) + 1) as after_sign
    from untrailed
    left join leading_signs
        on untrailed.value_raw = leading_signs.value_raw
        and leading_signs.nth = 1

),

-- The number is the run of +/-, digits, commas and points after the sign; what follows is
-- the unit part, which never starts with a digit, comma or point. A run that is no well-formed
-- number ("1,23") leaves the value unparsed, as no other split could parse it.
split as (

    select
        signed.*,
        {{ regex_prefix('after_sign', '[-+]?[0-9０-９,.]*') }} as number_text
    from signed

),

classified as (

    select
        split.*,
        substr(after_sign, length(number_text) + 1) as unit_text,
        {{ regex_full_match(
            'number_text',
            '[-+]?(?:[0-9０-９]{1,3}(?:,[0-9０-９]{3})+|[0-9０-９]+)(?:\.[0-9０-９]+)?'
        ) }} as is_number
    from split

),

unit_kinds as (

    select
        classified.*,
        case
            when unit_text = '' then 'none'
            when {{ regex_full_match('unit_text', '[(（][^()（）]*[)）]') }} then 'parenthesized'
            when unit_text in ('%', '％') then 'percent'
            when {{ regex_full_match('unit_text', '[^0-9０-９()（）,.]{1,4}') }} then 'bare'
        end as unit_kind
    from classified

),

judged as (

    select
        unit_kinds.*,
        is_number
            and unit_kind is not null
            -- "<98%以上" contradicts itself
            and not coalesce(leading_op <> trailing_op, false)
            -- without a sign, a bare word is a unit only if the seed lists it ("300万张");
            -- otherwise the value is a sentence ("2个工作日内")
            and not (
                unit_kind = 'bare'
                and leading_op is null
                and units_without_sign.unit is null
            ) as is_parsed
    from unit_kinds
    left join units_without_sign
        on unit_kinds.unit_text = units_without_sign.unit

),

final as (

    select
        value_raw,
        value_text,
        case when is_parsed then coalesce(leading_op, trailing_op) end as value_op,
        -- The cast outside the case: PostgreSQL types a case with a null branch without the
        -- scale.
        cast(case
            when is_parsed then translate(
                replace(number_text, ',', ''), '０１２３４５６７８９', '0123456789'
            )
        end as decimal(24, 6)) as value_number,
        case
            when not is_parsed then null
            when unit_kind = 'percent' then '%'
            when unit_kind = 'bare' then unit_text
            when unit_kind = 'parenthesized' then
                case substr(unit_text, 2, length(unit_text) - 2)
                    when '％' then '%'
                    when '' then null
                    else substr(unit_text, 2, length(unit_text) - 2)
                end
        end as value_unit,
        is_parsed
    from judged

)

select * from final
