-- The same region, year and indicator with different targets (or different actuals) in two
-- documents: 临安's party report sets GDP growth at 5.5%左右, its government report at 5%以上.
-- And one target stated in two sources with the same value but another comparator
-- (6.5%以上 in one, 6.5% in the other): the sources differ on what counts as met.
with measures as (
    select
        *,
        case when kind in ('target', 'long_term_goal') then 'target' else 'actual' end as claim
    from {{ ref('int_measures_in_context') }}
    where kind in ('target', 'long_term_goal', 'actual', 'estimate')
        and value is not null
        and indicator is not null
        and (is_indicator_canonical or length(indicator) >= 6)
)

select
    'sources_disagree' as check_name,
    'warn' as severity,
    first_source.region,
    first_source.year,
    second_source.document_id,
    first_source.indicator,
    format(
        {{ template("'{} {} for {}: {} says {} {} ({}), {} says {} {} ({})'") }},
        first_source.claim, first_source.year, first_source.indicator,
        first_source.document_kind, {{ number_text('first_source.value_raw') }}, first_source.unit_raw, first_source.measure_id,
        second_source.document_kind, {{ number_text('second_source.value_raw') }}, second_source.unit_raw, second_source.measure_id
    ) as detail,
    second_source.sentence as statement,
    second_source.char_start,
    second_source.char_end,
    first_source.measure_id as first_measure_id,
    second_source.measure_id as second_measure_id
from measures as first_source
inner join measures as second_source
    on second_source.region = first_source.region
    and second_source.year = first_source.year
    and second_source.indicator = first_source.indicator
    and second_source.measure_type = first_source.measure_type
    and second_source.unit = first_source.unit
    and second_source.claim = first_source.claim
    and second_source.document_id > first_source.document_id
where not {{ values_agree('first_source.value', 'second_source.value') }}

union all

select
    'restated_comparator_differs' as check_name,
    'info' as severity,
    restated.region,
    restated.year,
    restated.document_id,
    restated.indicator,
    format({{ template("'{} {} {} in the {} but {} {} in the {} ({})'") }}, restated.indicator, restated.comparator, {{ number_text('restated.value_raw') }},
           restated.document_kind, primary_target.comparator, {{ number_text('primary_target.value_raw') }}, primary_target.document_kind,
           primary_target.measure_id) as detail,
    restated.sentence as statement,
    restated.char_start,
    restated.char_end,
    primary_target.measure_id as first_measure_id,
    restated.measure_id as second_measure_id
from {{ ref('int_target_twins') }} as twins
inner join {{ ref('int_targets') }} as restated on restated.measure_id = twins.target_id
inner join {{ ref('int_targets') }} as primary_target on primary_target.measure_id = twins.twin_id
where restated.comparator is distinct from primary_target.comparator
