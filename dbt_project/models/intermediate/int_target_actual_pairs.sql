-- One pair per primary target: a completion-table or target-table row when there is one,
-- else another document of the same region. Twins of a target (the same target in another
-- source) are not paired on their own.
with pairs as (
    select * from {{ ref('int_completion_table_pairs') }}
    union all
    select * from {{ ref('int_target_table_pairs') }}
    union all
    select * from {{ ref('int_cross_document_pairs') }}
),

ranked as (
    select *
    from (
        select
            pairs.*,
            row_number() over (
                partition by target_id
                order by case pairing_method when 'completion_table_row' then 1 when 'target_table_row' then 2 else 3 end
            ) as method_rank
        from pairs
    ) as ordered
    where method_rank = 1
),

targets as (
    select * from {{ ref('int_targets') }}
)

select
    targets.region,
    targets.year,
    targets.indicator,
    targets.measure_type,
    ranked.target_id,
    ranked.actual_id,
    ranked.actual_ids,
    ranked.actual_part_count,
    targets.value as target_value,
    targets.value_high as target_value_high,
    ranked.actual_value,
    targets.unit,
    targets.comparator,
    targets.direction,
    ranked.is_estimate,
    ranked.stated_rate,
    ranked.pairing_method
from ranked
inner join targets on targets.measure_id = ranked.target_id
where ranked.target_id not in (select target_id from {{ ref('int_target_twins') }})
