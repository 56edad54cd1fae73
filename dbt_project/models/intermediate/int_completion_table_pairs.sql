-- Within one completion-table row: each target of the task cell with the actual of the
-- completion cell that measures the same thing (same canonical unit, or both counts, and
-- the most indicator characters in common) over the same span and scope: a running total
-- (累计…100名) never answers one year's target, and a figure of other levels (省市级) never
-- answers a target of one level (省级). int_dq__table_rows_unpaired says why a target is left. A number listed after 其中 is part of the
-- total before it and is not paired on its own; when several figures tie as best match,
-- they are the parts of the target and are summed (城镇危房17处 + 农村危房132处).
with targets as (
    select * from {{ ref('int_targets') }} where source_kind = 'completion_table_task'
),

actuals as (
    select * from {{ ref('int_actuals') }} where source_kind = 'completion_table_completion'
),

parts as (
    -- A figure after 其中 is a part of the total before it (parsers/totals.py).
    select measure_id from actuals where part_of is not null
),

candidates as (
    select
        targets.measure_id as target_id,
        actuals.measure_id as actual_id,
        actuals.value as actual_value,
        actuals.is_estimate,
        targets.unit_family = 'count' as is_count,
        actuals.unit = targets.unit as is_same_unit,
        actuals.measure_id in (select measure_id from parts) as is_part,
        actuals.is_cumulative = targets.is_cumulative as is_same_span,
        {{ scope_levels('targets.indicator') }} = '' or {{ scope_levels('actuals.indicator') }} = ''
            or {{ scope_levels('targets.indicator') }} = {{ scope_levels('actuals.indicator') }} as is_same_scope,
        {{ char_overlap('targets.indicator', 'actuals.indicator') }} as similarity
    from targets
    inner join actuals
        on actuals.document_id = targets.document_id
        and actuals.table_row = targets.table_row
        and actuals.measure_type = targets.measure_type
        and (actuals.unit = targets.unit or (actuals.unit_family = 'count' and targets.unit_family = 'count'))
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
    from eligible
    qualify similarity = max(similarity) over (partition by target_id)
        and is_same_unit = max(is_same_unit) over (partition by target_id, similarity)
),

stated as (
    select document_id, table_row, min(value) / 100 as stated_rate
    from {{ ref('int_measures_in_context') }}
    where kind = 'stated_rate' and source_kind = 'completion_table_completion'
    group by document_id, table_row
)

select
    best.target_id,
    min(best.actual_id) as actual_id,
    sum(best.actual_value) as actual_value,
    count(*) as actual_part_count,
    string_agg(best.actual_id, ',' order by best.actual_id) as actual_ids,
    bool_or(best.is_estimate) as is_estimate,
    any_value(stated.stated_rate) as stated_rate,
    'completion_table_row' as pairing_method
from best
inner join targets on targets.measure_id = best.target_id
left join stated on stated.document_id = targets.document_id and stated.table_row = targets.table_row
group by best.target_id
