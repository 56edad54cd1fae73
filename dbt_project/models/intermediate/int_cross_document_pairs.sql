-- A target for year Y with the actual for year Y reported by another document of the same
-- region (same canonical indicator, measure type and unit); a final figure is preferred
-- to a 预计 one, then the latest document.
with targets as (
    select * from {{ ref('int_targets') }}
    where source_kind = 'prose' and not is_long_term and is_indicator_canonical
),

actuals as (
    select * from {{ ref('int_actuals') }}
)

select
    {{ single_actual_pair('cross_document') }}
from targets
inner join actuals
    on actuals.region = targets.region
    and actuals.year = targets.year
    and actuals.indicator = targets.indicator
    and actuals.measure_type = targets.measure_type
    and actuals.unit = targets.unit
    and actuals.document_id <> targets.document_id
qualify row_number() over (
    partition by targets.measure_id
    order by actuals.is_estimate, actuals.document_date desc nulls last, actuals.measure_id
) = 1
