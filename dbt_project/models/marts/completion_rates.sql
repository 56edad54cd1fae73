-- One row per target that has an actual: the rate, whether it was met, and the gap.
-- is_met follows the comparator: >= needs actual >= target; <= needs actual <= target;
-- = reads the indicator's direction (higher or lower is better); ~ (左右, 约) accepts an
-- actual within 5% of the target on the wrong side.
{% set about_tolerance = 0.05 %}
with pairs as (
    select * from {{ ref('int_target_actual_pairs') }}
)

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
    actual_value,
    unit,
    comparator,
    direction,
    is_estimate,
    case when target_value <> 0 then actual_value / target_value end as completion_rate,
    case
        when comparator = '>=' then actual_value >= target_value
        when comparator = '<=' then actual_value <= target_value
        when comparator = '~' and direction = 'lower_is_better'
            then actual_value <= target_value * (1 + {{ about_tolerance }})
        when comparator = '~' then actual_value >= target_value * (1 - {{ about_tolerance }})
        when direction = 'lower_is_better' then actual_value <= target_value
        else actual_value >= target_value
    end as is_met,
    actual_value - target_value as gap,
    case when unit = '%' then 'percentage_points' else unit end as gap_unit,
    stated_rate,
    pairing_method
from pairs
