-- Every loaded document with the rounding its printed execution rates and budget scores follow.
with

documents as (

    select * from {{ ref('stg_raw__documents') }}

),

document_rounding as (

    select * from {{ ref('int_document_rounding') }}

),

rule_values as (

    select * from {{ ref('int_scoring_rules') }}

),

final as (

    select
        documents.source_file,
        documents.source_sha256,
        documents.document_kind,
        coalesce(document_rounding.n_rates, 0) as n_rates,
        coalesce(document_rounding.n_telling, 0) as n_telling,
        coalesce(document_rounding.n_truncate, 0) as n_truncate,
        coalesce(document_rounding.n_half_up, 0) as n_half_up,
        coalesce(document_rounding.n_up, 0) as n_up,
        coalesce(document_rounding.rounding_detected, 'undetermined') as rounding_detected,
        coalesce(document_rounding.rate_rounding, rule_values.rate_rounding) as rate_rounding,
        coalesce(document_rounding.n_scores, 0) as n_scores,
        coalesce(document_rounding.n_scores_telling, 0) as n_scores_telling,
        coalesce(document_rounding.n_scores_truncate, 0) as n_scores_truncate,
        coalesce(document_rounding.n_scores_half_up, 0) as n_scores_half_up,
        coalesce(document_rounding.n_scores_up, 0) as n_scores_up,
        coalesce(document_rounding.score_rounding_detected, 'undetermined')
            as score_rounding_detected,
        coalesce(document_rounding.score_rounding, rule_values.score_rounding) as score_rounding
    from documents
    left join document_rounding
        on documents.source_file = document_rounding.source_file
    cross join rule_values
    where documents.status = 'loaded'

)

select * from final
