-- The same target stated in two sources (the report in 公顷, the completion table in 亩):
-- each target points at its twin of best source priority (completion table, then
-- government work report). Values must agree within rounding (0.1%) in the canonical
-- unit, and the indicators must share most of their characters.
with targets as (
    select * from {{ ref('int_targets') }}
),

candidates as (
    select
        secondary.measure_id as target_id,
        primary_target.measure_id as twin_id,
        primary_target.source_priority,
        {{ char_overlap('secondary.indicator', 'primary_target.indicator') }} as similarity
    from targets as secondary
    inner join targets as primary_target
        on primary_target.region = secondary.region
        and primary_target.year = secondary.year
        and primary_target.unit = secondary.unit
        and primary_target.measure_type = secondary.measure_type
        and primary_target.source_priority < secondary.source_priority
        and abs(primary_target.value - secondary.value) <= 0.001 * greatest(abs(primary_target.value), abs(secondary.value))
)

select target_id, twin_id, similarity
from candidates
where similarity >= 0.5
qualify row_number() over (partition by target_id order by source_priority, similarity desc, twin_id) = 1
