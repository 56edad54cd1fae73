-- Within one row of a target-vs-actual table (指标名称 / 目标 / 实际): its target and its actual.
with targets as (
    select * from {{ ref('int_targets') }} where source_kind = 'target_table'
),

actuals as (
    select * from {{ ref('int_actuals') }} where source_kind = 'target_table'
)

select
    {{ single_actual_pair('target_table_row') }}
from targets
inner join actuals
    on actuals.document_id = targets.document_id
    and actuals.table_row = targets.table_row
    and actuals.unit = targets.unit
