-- The scoring_rules seed as one typed row, so every model reads the same parameters.
with

rules as (

    select * from {{ ref('scoring_rules') }}

),

pivoted as (

    select
        max(case when rule_id = 'execution_rate_rounding' then value end) as rate_rounding,
        max(case when rule_id = 'budget_score_rounding' then value end) as score_rounding,
        max(case when rule_id = 'indicator_score_rounding' then value end)
            as indicator_score_rounding,
        max(case when rule_id = 'equal_target_with_zero_is_reverse' then value end) = 'true'
            as zero_equal_is_reverse,
        cast(max(case when rule_id = 'score_tolerance' then value end) as decimal(18, 2))
            as score_tolerance
    from rules

)

select * from pivoted
