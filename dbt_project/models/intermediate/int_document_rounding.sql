-- Which rounding each document's printed execution rates follow, told from the rates
-- themselves: truncate, half_up or up (the conventions of the rounding_conventions seed).
-- A rate "tells" when the conventions disagree on it; the convention that gives the most
-- telling rates as printed is the document's, and a tie or no telling rate is undetermined.
-- The printed 预算执行率得分 tell the score's convention the same way (printed rate x 分值 /
-- 100 under each convention); where they cannot, the score follows the rate's convention.
with

funding as (

    select * from {{ ref('stg_raw__self_evaluation_funding') }}

),

evaluation_reports as (

    select * from {{ ref('stg_raw__evaluation_reports') }}

),

conventions as (

    select * from {{ ref('rounding_conventions') }}

),

rule_values as (

    select * from {{ ref('int_scoring_rules') }}

),

printed_rates as (

    -- Every printed rate with the amounts it is computed from (万元 in the forms, 元 in the
    -- reports; both printed with two decimals).
    select
        source_file,
        executed_wan as executed,
        full_year_budget_wan as budget,
        execution_rate_reported as rate_reported
    from funding
    where execution_rate_reported is not null
        and executed_wan is not null
        and full_year_budget_wan > 0

    union all

    select
        source_file,
        actual_spending_yuan as executed,
        adjusted_budget_yuan as budget,
        execution_rate_pct as rate_reported
    from evaluation_reports
    where execution_rate_pct is not null
        and actual_spending_yuan is not null
        and adjusted_budget_yuan > 0

),

rated as (

    select
        source_file,
        rate_reported,
        {{ exact_ratio('executed', 'budget', 100, 2, "'truncate'") }} as by_truncate,
        {{ exact_ratio('executed', 'budget', 100, 2, "'half_up'") }} as by_half_up,
        {{ exact_ratio('executed', 'budget', 100, 2, "'up'") }} as by_up
    from printed_rates

),

telling as (

    select
        *,
        not (by_truncate = by_half_up and by_half_up = by_up) as is_telling
    from rated

),

printed_scores as (

    -- Every printed budget score of a 年度资金总额 row with the printed rate and weight it is
    -- computed from (a rate above 100 is capped at the weight, and tells nothing).
    select
        source_file,
        budget_score_reported as score_reported,
        {{ exact_ratio('execution_rate_reported * budget_weight', '100', 1, 2, "'truncate'",
                       input_places=4) }} as by_truncate,
        {{ exact_ratio('execution_rate_reported * budget_weight', '100', 1, 2, "'half_up'",
                       input_places=4) }} as by_half_up,
        {{ exact_ratio('execution_rate_reported * budget_weight', '100', 1, 2, "'up'",
                       input_places=4) }} as by_up
    from funding
    where funding_source = 'total'
        and budget_score_reported is not null
        and budget_weight is not null
        and execution_rate_reported between 0 and 100

),

score_counts as (

    select
        source_file,
        count(*) as n_scores,
        count(*) filter (where is_telling) as n_scores_telling,
        count(*) filter (where is_telling and score_reported = by_truncate) as n_scores_truncate,
        count(*) filter (where is_telling and score_reported = by_half_up) as n_scores_half_up,
        count(*) filter (where is_telling and score_reported = by_up) as n_scores_up
    from (
        select
            *,
            not (by_truncate = by_half_up and by_half_up = by_up) as is_telling
        from printed_scores
    ) as scores
    group by source_file

),

score_winners as (

    -- The convention that alone gives the most telling scores as printed, if any.
    select
        *,
        case
            when n_scores_truncate > greatest(n_scores_half_up, n_scores_up) then 'truncate'
            when n_scores_half_up > greatest(n_scores_truncate, n_scores_up) then 'half_up'
            when n_scores_up > greatest(n_scores_truncate, n_scores_half_up) then 'up'
            else 'undetermined'
        end as score_rounding_detected,
        greatest(n_scores_truncate, n_scores_half_up, n_scores_up) as n_scores_best
    from score_counts

),

per_document as (

    select
        source_file,
        count(*) as n_rates,
        count(*) filter (where is_telling) as n_telling,
        count(*) filter (where is_telling and rate_reported = by_truncate) as n_truncate,
        count(*) filter (where is_telling and rate_reported = by_half_up) as n_half_up,
        count(*) filter (where is_telling and rate_reported = by_up) as n_up
    from telling
    group by source_file

),

scored as (

    -- One row per document and convention, ranked by how many telling rates it explains.
    select
        per_document.source_file,
        conventions.convention,
        case conventions.convention
            when 'truncate' then per_document.n_truncate
            when 'half_up' then per_document.n_half_up
            when 'up' then per_document.n_up
        end as n_explained
    from per_document
    cross join conventions

),

best as (

    select
        source_file,
        max(n_explained) as n_best
    from scored
    group by source_file

),

winners as (

    select
        scored.source_file,
        max(best.n_best) as n_best,
        count(*) as n_winners,
        min(scored.convention) as winner
    from scored
    inner join best
        on scored.source_file = best.source_file
        and scored.n_explained = best.n_best
    group by scored.source_file

),

final as (

    select
        per_document.source_file,
        per_document.n_rates,
        per_document.n_telling,
        per_document.n_truncate,
        per_document.n_half_up,
        per_document.n_up,
        case
            when winners.n_best > 0 and winners.n_winners = 1 then winners.winner
            else 'undetermined'
        end as rounding_detected,
        -- What the document's figures are derived with: its own convention, else the default
        -- of the scoring_rules seed.
        case
            when winners.n_best > 0 and winners.n_winners = 1 then winners.winner
            else rule_values.rate_rounding
        end as rate_rounding,
        coalesce(score_winners.n_scores, 0) as n_scores,
        coalesce(score_winners.n_scores_telling, 0) as n_scores_telling,
        coalesce(score_winners.n_scores_truncate, 0) as n_scores_truncate,
        coalesce(score_winners.n_scores_half_up, 0) as n_scores_half_up,
        coalesce(score_winners.n_scores_up, 0) as n_scores_up,
        coalesce(score_winners.score_rounding_detected, 'undetermined')
            as score_rounding_detected,
        -- The score's own convention. Where its telling scores tie, one of the tied ones (each
        -- gives every telling score as printed): the rate's detected convention if it is among
        -- them, else the scoring_rules default for scores if it is, else half-up, up,
        -- truncate. Where no score tells, the rate's detected convention; where neither
        -- tells, the default (half-up).
        case
            when score_winners.score_rounding_detected <> 'undetermined'
                then score_winners.score_rounding_detected
            when score_winners.n_scores_best > 0
                and winners.n_best > 0 and winners.n_winners = 1
                and score_winners.n_scores_best = case winners.winner
                    when 'truncate' then score_winners.n_scores_truncate
                    when 'half_up' then score_winners.n_scores_half_up
                    when 'up' then score_winners.n_scores_up
                end
                then winners.winner
            when score_winners.n_scores_best > 0
                and score_winners.n_scores_best = case rule_values.score_rounding
                    when 'truncate' then score_winners.n_scores_truncate
                    when 'half_up' then score_winners.n_scores_half_up
                    when 'up' then score_winners.n_scores_up
                end
                then rule_values.score_rounding
            when score_winners.n_scores_best > 0
                and score_winners.n_scores_half_up = score_winners.n_scores_best
                then 'half_up'
            when score_winners.n_scores_best > 0
                and score_winners.n_scores_up = score_winners.n_scores_best
                then 'up'
            when score_winners.n_scores_best > 0 then 'truncate'
            when winners.n_best > 0 and winners.n_winners = 1 then winners.winner
            else rule_values.score_rounding
        end as score_rounding
    from per_document
    inner join winners
        on per_document.source_file = winners.source_file
    left join score_winners
        on per_document.source_file = score_winners.source_file
    cross join rule_values

)

select * from final
