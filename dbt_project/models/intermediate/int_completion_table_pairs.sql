-- Within one completion-table row: each target of the task cell with the completion figure
-- that measures the same thing over the same span and scope, with the most indicator
-- characters in common (int_completion_table_candidates). A figure listed after 其中 is part
-- of the total before it and is not paired on its own, nor added to a total it ties with;
-- when several figures tie as best match, they are the parts of the target and are summed
-- (城镇危房17处 + 农村危房132处).
-- int_dq__table_rows_unpaired says why a target is left without one.
with candidates as (
    select * from {{ ref('int_completion_table_candidates') }}
),

eligible as (
    select *
    from candidates
    -- A part pairs only with a target that names exactly it (其中10亿元以上产业项目8个);
    -- a count pairs only when the indicators share something: 个 and 户 alone prove nothing.
    where (not is_part or similarity = 1.0)
        and (not is_count or similarity > 0)
        and is_same_span and is_same_scope
),

best as (
    select *
    from (
        select
            eligible.*,
            max(similarity) over (partition by target_id) as best_similarity,
            bool_or(is_same_unit) over (partition by target_id, similarity) as has_same_unit
        from eligible
    ) as scored
    where similarity = best_similarity and is_same_unit = has_same_unit
),

-- A part after 其中 never adds to a total (落地亿元项目58个，其中10亿元以上产业项目8个 is 58).
answering as (
    select *
    from (select best.*, bool_or(not is_part) over (partition by target_id) as has_whole from best) as flagged
    where not is_part or not has_whole
),

stated as (
    select document_id, table_row, min(value) / 100 as stated_rate
    from {{ ref('int_measures_in_context') }}
    where kind = 'stated_rate' and source_kind = 'completion_table_completion'
    group by document_id, table_row
)

select
    answering.target_id,
    min(answering.actual_id) as actual_id,
    sum(answering.actual_value) as actual_value,
    count(*) as actual_part_count,
    string_agg(answering.actual_id, ',' order by answering.actual_id) as actual_ids,
    bool_or(answering.is_estimate) as is_estimate,
    min(stated.stated_rate) as stated_rate,  -- one per table row
    'completion_table_row' as pairing_method
from answering
left join stated on stated.document_id = answering.document_id and stated.table_row = answering.table_row
group by answering.target_id
