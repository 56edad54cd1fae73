-- A target for year Y with the actual for year Y reported by another document of the same
-- region: same measure type, the same unit (or counts where one says 个), and both a stock
-- or both a year's amount (上市企业总量突破50家 is answered by 总量47家, not by 新增1家).
-- Only one-year figures pair: a five-year goal or a five-year average never meets a single year.
-- The indicators agree when the synonym table names both alike or both documents word them the
-- same (4+ characters: 辖区税收), else when their keys (parsers/indicators.py indicator_key)
-- end in the same head noun (the last two characters: 托育托位 / 托位, not 土地 / 土地整备), a key of
-- two or three characters is all of the other's but a two-character modifier (托位 / 托育托位, not
-- 投资 / 固定资产投资), they share at least half the shorter key's character pairs and a Dice
-- coefficient of 0.3, share more than the generic noun they end in (金融业增加值 is no
-- 战略性新兴产业增加值), and name the same administrative level (国家级孵化器 is no 市级孵化器).
-- A count of things its sentence names (深汕西、如意路南延3条道路) needs the same key of 4+ characters.
-- A near wording does not answer when either report also states the other's exact wording
-- (基础设施投资 is not 新型基础设施投资 in a report that gives both), nor when the amounts are
-- more than tenfold apart (新增光伏装机40兆瓦 against a power plant's 134万千瓦).
-- Counts pair in the same measure word, or where one is a generic one (个, 件, 项).
-- Each target takes its most similar actual (then a final figure before a 预计 one, an exact
-- figure before a bound, the latest document); an actual answers at most one target.
{% set min_shared_share = 0.5 %}
{% set min_dice = 0.3 %}
{% set max_fold = 10 %}
{% set generic_counters = "('个', '件', '项')" %}
with targets as (
    select * from {{ ref('int_targets') }}
    where source_kind in ('prose', 'derived') and not is_long_term and year_from is null
        -- A twin (the same target restated in another source) is paired through its primary.
        and measure_id not in (select target_id from {{ ref('int_target_twins') }})
),

actuals as (
    select * from {{ ref('int_actuals') }}
    where year_from is null
),

-- Every wording each document states, for the rule that a report's own exact wording wins.
document_keys as (
    select distinct document_id, indicator_key
    from {{ ref('int_measures_in_context') }}
    where indicator_key is not null
),

candidates as (
    select
        targets.measure_id as target_id,
        actuals.measure_id as actual_id,
        actuals.indicator = targets.indicator
            and (targets.is_indicator_canonical or length(targets.indicator) >= 4) as is_same_wording,
        actuals.indicator_key = targets.indicator_key as is_same_key,
        length(targets.indicator_key) as key_length,
        targets.is_enumerated or actuals.is_enumerated as is_either_enumerated,
        right(targets.indicator_key, 2) = right(actuals.indicator_key, 2)
            and (least(length(targets.indicator_key), length(actuals.indicator_key)) > 3
                or (abs(length(targets.indicator_key) - length(actuals.indicator_key)) <= 2
                    and (right(targets.indicator_key, length(actuals.indicator_key)) = actuals.indicator_key
                        or right(actuals.indicator_key, length(targets.indicator_key)) = targets.indicator_key)))
            and {{ shared_bigrams('targets.key_modifier', 'actuals.key_modifier') }} >= 1
            and ({{ scope_levels('targets.indicator') }} = {{ scope_levels('actuals.indicator') }}
                or '' in ({{ scope_levels('targets.indicator') }}, {{ scope_levels('actuals.indicator') }}))
            and actual_states_target_key.document_id is null
            and target_states_actual_key.document_id is null
            and (targets.measure_type not in ('level', 'count')
                or abs(actuals.value) between abs(targets.value) / {{ max_fold }} and abs(targets.value) * {{ max_fold }})
            as is_near_wording,
        coalesce({{ shared_bigrams('targets.indicator_key', 'actuals.indicator_key') }}::double precision
            / nullif(least({{ bigram_count('targets.indicator_key') }}, {{ bigram_count('actuals.indicator_key') }}), 0),
            0) as shared_share,
        coalesce(2.0 * {{ shared_bigrams('targets.indicator_key', 'actuals.indicator_key') }}
            / nullif({{ bigram_count('targets.indicator_key') }} + {{ bigram_count('actuals.indicator_key') }}, 0),
            0) as dice
    from targets
    inner join actuals
        on coalesce(actuals.region_code, actuals.region) = coalesce(targets.region_code, targets.region)
        and actuals.year = targets.year
        and actuals.measure_type = targets.measure_type
        and (actuals.unit = targets.unit
            or (actuals.unit_family = 'count' and targets.unit_family = 'count'
                and (actuals.unit_raw in {{ generic_counters }} or targets.unit_raw in {{ generic_counters }})))
        and actuals.is_cumulative = targets.is_cumulative
        and actuals.document_id <> targets.document_id
        -- A bound (突破2000亿元) answers only when it decides: reaching the target, or staying under a ceiling.
        and (actuals.comparator in ('=', '~')
            or (actuals.comparator = '>=' and actuals.value >= targets.value)
            or (actuals.comparator = '<=' and actuals.value <= targets.value))
        -- Every rule below needs the same wording, the same key or the same head noun: pairs
        -- that have none are left out before any character pair is counted.
        and (actuals.indicator = targets.indicator
            or right(actuals.indicator_key, 2) = right(targets.indicator_key, 2))
    left join document_keys as actual_states_target_key
        on actual_states_target_key.document_id = actuals.document_id
        and actual_states_target_key.indicator_key = targets.indicator_key
    left join document_keys as target_states_actual_key
        on target_states_actual_key.document_id = targets.document_id
        and target_states_actual_key.indicator_key = actuals.indicator_key
),

ranked_per_target as (
    select
        candidates.*,
        row_number() over (
            partition by target_id
            order by is_same_wording desc, is_same_key desc, dice desc, actuals.is_estimate, actuals.comparator <> '=',
                actuals.document_date desc nulls last, actual_id
        ) as rank_for_target
    from candidates
    inner join actuals on actuals.measure_id = candidates.actual_id
    where is_same_wording
        or (is_same_key and (not is_either_enumerated or key_length >= 4))
        or (not is_same_key and is_near_wording and not is_either_enumerated
            and shared_share >= {{ min_shared_share }} and dice >= {{ min_dice }})
),

best_per_target as (
    select * from ranked_per_target where rank_for_target = 1
),

-- An actual answers one target: the best of those that chose it.
best_per_actual as (
    select target_id
    from (
        select
            target_id,
            row_number() over (
                partition by actual_id
                order by is_same_wording desc, is_same_key desc, dice desc, target_id
            ) as rank_for_actual
        from best_per_target
    ) as ranked
    where rank_for_actual = 1
)

select
    {{ single_actual_pair('cross_document') }}
from best_per_target as pairs
inner join targets on targets.measure_id = pairs.target_id
inner join actuals on actuals.measure_id = pairs.actual_id
where pairs.target_id in (select target_id from best_per_actual)
