-- A target for year Y with the actual for year Y reported by another document of the same
-- region: same measure type, the same unit (or counts where one says 个), and both a stock
-- or both a year's amount (上市企业总量突破50家 is answered by 总量47家, not by 新增1家).
-- Only one-year figures pair: a five-year goal or a five-year average never meets a single year.
-- The indicators agree when the synonym table names both alike or both documents word them the
-- same (4+ characters: 辖区税收), else when their keys (parsers/indicators.py indicator_key)
-- share most character pairs: at least half of the shorter key's (托育托位 / 托位) and a Dice
-- coefficient of 0.3 (so a short key inside a long unrelated phrase is not enough). A count of
-- things its sentence names (深汕西、如意路南延3条道路) needs the same key of 4+ characters.
-- Each target takes its most similar actual (then a final figure before a 预计 one, an exact
-- figure before a bound, the latest document); an actual answers at most one target.
{% set min_shared_share = 0.5 %}
{% set min_dice = 0.3 %}
with targets as (
    select * from {{ ref('int_targets') }}
    where source_kind = 'prose' and not is_long_term and year_from is null
        -- A twin (the same target restated in another source) is paired through its primary.
        and measure_id not in (select target_id from {{ ref('int_target_twins') }})
),

actuals as (
    select * from {{ ref('int_actuals') }}
    where year_from is null
),

candidates as (
    select
        targets.measure_id as target_id,
        actuals.measure_id as actual_id,
        actuals.indicator = targets.indicator
            and (targets.is_indicator_canonical or length(targets.indicator) >= 4) as is_same_wording,
        actuals.indicator_key = targets.indicator_key and length(targets.indicator_key) >= 4 as is_same_key,
        targets.is_enumerated or actuals.is_enumerated as is_either_enumerated,
        coalesce({{ shared_bigrams('targets.indicator_key', 'actuals.indicator_key') }}::double
            / least(len({{ bigrams('targets.indicator_key') }}), len({{ bigrams('actuals.indicator_key') }})), 0) as shared_share,
        coalesce(2.0 * {{ shared_bigrams('targets.indicator_key', 'actuals.indicator_key') }}
            / (len({{ bigrams('targets.indicator_key') }}) + len({{ bigrams('actuals.indicator_key') }})), 0) as dice
    from targets
    inner join actuals
        on coalesce(actuals.region_code, actuals.region) = coalesce(targets.region_code, targets.region)
        and actuals.year = targets.year
        and actuals.measure_type = targets.measure_type
        and (actuals.unit = targets.unit
            or (actuals.unit_family = 'count' and targets.unit_family = 'count' and '个' in (actuals.unit_raw, targets.unit_raw)))
        and actuals.is_cumulative = targets.is_cumulative
        and actuals.document_id <> targets.document_id
        -- A bound (突破2000亿元) answers only when it decides: reaching the target, or staying under a ceiling.
        and (actuals.comparator in ('=', '~')
            or (actuals.comparator = '>=' and actuals.value >= targets.value)
            or (actuals.comparator = '<=' and actuals.value <= targets.value))
),

best_per_target as (
    select candidates.*
    from candidates
    inner join actuals on actuals.measure_id = candidates.actual_id
    where is_same_wording or is_same_key
        or (not is_either_enumerated and shared_share >= {{ min_shared_share }} and dice >= {{ min_dice }})
    qualify row_number() over (
        partition by target_id
        order by is_same_wording desc, is_same_key desc, dice desc, actuals.is_estimate, actuals.comparator <> '=',
            actuals.document_date desc nulls last, actual_id
    ) = 1
)

select
    {{ single_actual_pair('cross_document') }}
from best_per_target as pairs
inner join targets on targets.measure_id = pairs.target_id
inner join actuals on actuals.measure_id = pairs.actual_id
qualify row_number() over (
    partition by actuals.measure_id
    order by pairs.is_same_wording desc, pairs.is_same_key desc, pairs.dice desc, targets.measure_id
) = 1
