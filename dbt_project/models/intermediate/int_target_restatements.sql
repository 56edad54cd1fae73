-- Pairs of targets that may be one task stated in two sources of the same region and year:
-- the secondary (worse source priority: party report after government work report after
-- completion table) and its candidate primary, with how much their indicators overlap and
-- whether their values agree within rounding (0.1%) in the canonical unit.
with targets as (
    select * from {{ ref('int_targets') }} where value is not null
)

select
    secondary.measure_id as target_id,
    primary_target.measure_id as twin_id,
    primary_target.source_priority,
    secondary.unit = primary_target.unit as is_same_unit,
    {{ char_overlap('secondary.indicator', 'primary_target.indicator') }} as similarity,
    {{ values_agree('primary_target.value', 'secondary.value') }} as values_agree
from targets as secondary
inner join targets as primary_target
    on primary_target.region = secondary.region
    and primary_target.year = secondary.year
    and primary_target.unit_family = secondary.unit_family
    and primary_target.measure_type = secondary.measure_type
    and primary_target.source_priority < secondary.source_priority
