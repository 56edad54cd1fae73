-- Every target of a completion-table task cell with every figure of its row's completion cell
-- that could answer it (same canonical unit, or both counts, and the same measure type), and
-- what tells them apart: how many indicator characters they share, whether the figure is a
-- part after 其中 (parsers/totals.py), a running total or stock where the target is a year's
-- amount (累计…100名 against 培育20名), or of other administrative levels (省市级 against 省级).
with targets as (
    select * from {{ ref('int_targets') }} where source_kind = 'completion_table_task'
),

actuals as (
    select * from {{ ref('int_actuals') }} where source_kind = 'completion_table_completion'
)

select
    targets.measure_id as target_id,
    actuals.measure_id as actual_id,
    targets.document_id,
    targets.table_row,
    actuals.value as actual_value,
    actuals.value_raw as actual_value_raw,
    actuals.unit_raw as actual_unit_raw,
    actuals.is_estimate,
    targets.unit_family = 'count' as is_count,
    actuals.unit = targets.unit as is_same_unit,
    actuals.part_of is not null as is_part,
    actuals.is_cumulative = targets.is_cumulative as is_same_span,
    {{ scope_levels('targets.indicator') }} = '' or {{ scope_levels('actuals.indicator') }} = ''
        or {{ scope_levels('targets.indicator') }} = {{ scope_levels('actuals.indicator') }} as is_same_scope,
    {{ scope_levels('actuals.indicator') }} as actual_levels,
    {{ char_overlap('targets.indicator', 'actuals.indicator') }} as similarity,
    actuals.char_start as actual_char_start
from targets
inner join actuals
    on actuals.document_id = targets.document_id
    and actuals.table_row = targets.table_row
    and actuals.measure_type = targets.measure_type
    and (actuals.unit = targets.unit or (actuals.unit_family = 'count' and targets.unit_family = 'count'))
