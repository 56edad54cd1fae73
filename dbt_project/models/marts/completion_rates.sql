-- One row per target that has an actual: whether it was met, how far off, and a rate where a
-- rate means something. Values are signed (下降3% is -3).
-- is_met follows the comparator: >= needs actual >= target; <= needs actual <= target;
-- = reads the indicator's direction (higher or lower is better); ~ (左右, 约) accepts an actual
-- within 5% of the target on the wrong side; a range (6.5%-7%) is met once the actual reaches
-- the bound on the indicator's side, and its rate is against that bound (rate_basis).
-- A ceiling (<=, or a lower-is-better indicator) has no completion rate: more is not better.
{% set about_tolerance = 0.05 %}
with pairs as (
    select * from {{ ref('int_target_actual_pairs') }}
),

measures as (
    select * from {{ ref('stg_reports__measures') }}
),

bounded as (
    select
        *,
        case
            when comparator = 'between' and direction = 'lower_is_better' then greatest(target_value, target_value_high)
            when comparator = 'between' then least(target_value, target_value_high)
            else target_value
        end as reference_value,
        comparator = '<=' or direction = 'lower_is_better' as is_ceiling
    from pairs
),

rates as (
    select
        region,
        year,
        indicator,
        measure_type,
        target_id,
        actual_id,
        actual_ids,
        actual_part_count,
        target_value,
        target_value_high,
        actual_value,
        unit,
        comparator,
        direction,
        is_estimate,
        case when not is_ceiling and reference_value > 0 then actual_value / reference_value end as completion_rate,
        case
            when is_ceiling then 'ceiling'
            when comparator = 'between' then 'lower_bound'
            else 'target'
        end as rate_basis,
        case
            when comparator = '>=' then actual_value >= target_value
            when comparator = '<=' then actual_value <= target_value
            when comparator = 'between' and direction = 'lower_is_better' then actual_value <= reference_value
            when comparator = 'between' then actual_value >= reference_value
            when comparator = '~' and direction = 'lower_is_better'
                then actual_value <= target_value + {{ about_tolerance }} * abs(target_value)
            when comparator = '~' then actual_value >= target_value - {{ about_tolerance }} * abs(target_value)
            when direction = 'lower_is_better' then actual_value <= target_value
            else actual_value >= target_value
        end as is_met,
        -- Both values are kept to their written digits; the difference only loses the float noise.
        {{ round_places("actual_value - reference_value", 6) }} as gap,
        case when unit = '%' then '百分点' else unit end as gap_unit,
        stated_rate,
        pairing_method
    from bounded
)

-- Where each number stands, so that a BI tool shows both sentences without a join.
select
    rates.*,
    target.sentence as target_statement,
    target.document_id as target_document_id,
    target.char_start as target_char_start,
    target.char_end as target_char_end,
    actual.sentence as actual_statement,
    actual.document_id as actual_document_id,
    actual.char_start as actual_char_start,
    actual.char_end as actual_char_end
from rates
left join measures as target on target.measure_id = rates.target_id
left join measures as actual on actual.measure_id = rates.actual_id
