-- Which rounding each document's printed execution rates follow, told from the rates
-- themselves: truncate, half_up or up (the conventions of the rounding_conventions seed).
-- A rate "tells" when the conventions disagree on it; the convention that gives the most
-- telling rates as printed is the document's, and a tie or no telling rate is undetermined.
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
        end as rate_rounding
    from per_document
    inner join winners
        on per_document.source_file = winners.source_file
    cross join rule_values

)

select * from final
