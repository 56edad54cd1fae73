-- The same target stated in two sources (the report in 公顷, the completion table in 亩):
-- each target points at its twin of best source priority. Values must agree in the same
-- canonical unit and the indicators must share at least half their characters.
select target_id, twin_id, similarity
from (
    select
        target_id,
        twin_id,
        similarity,
        row_number() over (partition by target_id order by source_priority, similarity desc, twin_id) as twin_rank
    from {{ ref('int_target_restatements') }}
    where values_agree and is_same_unit and similarity >= 0.5
) as ranked
where twin_rank = 1
