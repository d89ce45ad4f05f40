-- Each self-evaluation indicator row scored by the national rule (财预〔2020〕10号), as a range.
{{ config(materialized='incremental', incremental_strategy='append',
          pre_hook="{{ delete_changed_documents() }}") }}
-- depends_on: {{ source('raw', 'changed_documents') }}
with

indicators as (

    select * from {{ ref('stg_raw__self_evaluation_indicators') }}
    {{ where_document_changed() }}

),

conversions as (

    select * from {{ ref('unit_conversions') }}

),

achievements as (

    select * from {{ ref('indicator_achievements') }}

),

rule_values as (

    select * from {{ ref('int_scoring_rules') }}

),

normalized as (

    -- Targets and actuals in one base unit where the units differ only by scale (万张 vs 张).
    select
        indicators.*,
        coalesce(target_conv.base_unit, indicators.target_unit) as target_base_unit,
        indicators.target_value * coalesce(target_conv.factor, 1) as target_base_value,
        coalesce(actual_conv.base_unit, indicators.actual_unit) as actual_base_unit,
        indicators.actual_value * coalesce(actual_conv.factor, 1) as actual_base_value
    from indicators
    left join conversions as target_conv on indicators.target_unit = target_conv.unit
    left join conversions as actual_conv on indicators.actual_unit = actual_conv.unit

),

qualitative_candidates as (

    -- The achievements whose prefix the printed actual starts with, ranked longest first.
    select
        normalized.source_file,
        normalized.seq,
        achievements.achievement,
        achievements.achieved,
        achievements.low_pct,
        achievements.high_pct,
        row_number() over (
            partition by normalized.source_file, normalized.seq
            order by length(achievements.actual_prefix) desc
        ) as prefix_rank
    from normalized
    inner join achievements
        on starts_with(normalized.actual_raw, achievements.actual_prefix)

),

qualitative_match as (

    -- The achievement with the longest matching prefix.
    select source_file, seq, achievement, achieved, low_pct, high_pct
    from qualitative_candidates
    where prefix_rank = 1

),

classified as (

    select
        normalized.*,
        qualitative_match.achievement as qualitative_achievement,
        qualitative_match.achieved as qualitative_achieved,
        qualitative_match.low_pct,
        qualitative_match.high_pct,
        rule_values.indicator_score_rounding as score_rounding,
        case
            when normalized.target_op is null or normalized.actual_base_value is null
                then 'qualitative'
            when normalized.target_base_unit is not distinct from normalized.actual_base_unit
                then 'quantitative'
            else 'unit_mismatch'
        end as indicator_type,
        case
            when normalized.target_op in ('≤', '<') then 'reverse'
            when normalized.target_op = '=' and normalized.target_base_value = 0
                and rule_values.zero_equal_is_reverse then 'reverse'
            when normalized.target_op is not null then 'positive'
        end as direction
    from normalized
    left join qualitative_match
        on normalized.source_file = qualitative_match.source_file
        and normalized.seq = qualitative_match.seq
    cross join rule_values

),

judged as (

    select
        *,
        case
            when indicator_type <> 'quantitative' then null
            when target_op = '>' then actual_base_value > target_base_value
            when target_op = '<' then actual_base_value < target_base_value
            when direction = 'reverse' then actual_base_value <= target_base_value
            else actual_base_value >= target_base_value
        end as quantitative_met
    from classified

),

proportional as (

    -- A missed quantitative target earns weight x actual / target (reverse: target / actual).
    select
        *,
        case
            when quantitative_met is distinct from false then null
            when direction = 'positive'
                then {{ exact_ratio('weight * actual_base_value', 'target_base_value', 1, 2,
                                    'score_rounding', input_places=8) }}
            else {{ exact_ratio('weight * target_base_value', 'actual_base_value', 1, 2,
                                'score_rounding', input_places=8) }}
        end as proportional_score
    from judged

),

scored as (

    select
        *,
        case
            when quantitative_met then 'yes'
            when quantitative_met = false then 'no'
            when indicator_type = 'qualitative' and qualitative_achieved is not null
                then qualitative_achieved
            else 'unknown'
        end as achieved,
        -- Cast: PostgreSQL types a case over least() as numeric of any scale (10.0 for 10.00).
        cast(case
            when quantitative_met then weight
            when quantitative_met = false then least(coalesce(proportional_score, 0), weight)
            when indicator_type = 'qualitative' and low_pct is not null
                then cast(weight * low_pct * 0.01 as decimal(18, 2))
            else cast(0 as decimal(18, 2))
        end as decimal(18, 2)) as score_derived_low,
        cast(case
            when quantitative_met then weight
            when quantitative_met = false then least(coalesce(proportional_score, 0), weight)
            when indicator_type = 'qualitative' and high_pct is not null
                then cast(weight * high_pct * 0.01 as decimal(18, 2))
            else weight
        end as decimal(18, 2)) as score_derived_high
    from proportional

)

select * from scored
