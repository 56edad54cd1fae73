-- A target for year Y with the actual for year Y reported by another document of the same
-- region (same indicator, measure type and unit). Only one-year figures pair: a five-year
-- goal or a five-year average never meets a single year. An indicator pairs when the
-- synonym table names it, or when both documents word it the same (4+ characters: 辖区税收).
-- A final figure is preferred to a 预计 one, an exact figure to a bound, then the latest document.
with targets as (
    select * from {{ ref('int_targets') }}
    where source_kind = 'prose' and not is_long_term and year_from is null
        and (is_indicator_canonical or length(indicator) >= 4)
),

actuals as (
    select * from {{ ref('int_actuals') }}
    where year_from is null
)

select
    {{ single_actual_pair('cross_document') }}
from targets
inner join actuals
    on coalesce(actuals.region_code, actuals.region) = coalesce(targets.region_code, targets.region)
    and actuals.year = targets.year
    and actuals.indicator = targets.indicator
    and actuals.measure_type = targets.measure_type
    and actuals.unit = targets.unit
    and actuals.document_id <> targets.document_id
    -- A bound (突破2000亿元) answers only when it decides: reaching the target, or staying under a ceiling.
    and (actuals.comparator in ('=', '~')
        or (actuals.comparator = '>=' and actuals.value >= targets.value)
        or (actuals.comparator = '<=' and actuals.value <= targets.value))
qualify row_number() over (
    partition by targets.measure_id
    order by actuals.is_estimate, actuals.comparator <> '=', actuals.document_date desc nulls last,
        actuals.measure_id
) = 1
