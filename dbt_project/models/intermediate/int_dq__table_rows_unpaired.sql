-- Completion-table targets left without an actual although their row reports a figure of the
-- same kind, with the reason the figure did not qualify (a running total, another level).
with targets as (
    select * from {{ ref('int_targets') }} where source_kind = 'completion_table_task'
),

actuals as (
    select * from {{ ref('int_actuals') }} where source_kind = 'completion_table_completion'
),

refused as (
    select
        targets.*,
        actuals.value_raw as actual_value_raw,
        actuals.unit_raw as actual_unit_raw,
        case
            when actuals.is_cumulative <> targets.is_cumulative then 'a running total or a stock (累计, 面积…), not the year''s amount'
            else 'figures of another level (' || {{ scope_levels('actuals.indicator') }} || '级)'
        end as reason
    from targets
    inner join actuals
        on actuals.document_id = targets.document_id
        and actuals.table_row = targets.table_row
        and actuals.measure_type = targets.measure_type
        and (actuals.unit = targets.unit or (actuals.unit_family = 'count' and targets.unit_family = 'count'))
    where targets.measure_id not in (select target_id from {{ ref('int_completion_table_pairs') }})
        and (actuals.is_cumulative <> targets.is_cumulative
            or ({{ scope_levels('targets.indicator') }} <> '' and {{ scope_levels('actuals.indicator') }} <> ''
                and {{ scope_levels('targets.indicator') }} <> {{ scope_levels('actuals.indicator') }}))
    qualify row_number() over (partition by targets.measure_id order by actuals.char_start) = 1
)

select
    'table_row_unpaired' as check_name,
    'info' as severity,
    region,
    year,
    document_id,
    indicator,
    format('row {}: target {} {} left unpaired: the completion reports {}: {} {}', table_row, value_raw, unit_raw,
           reason, actual_value_raw, actual_unit_raw) as detail,
    sentence as statement,
    char_start,
    char_end
from refused
