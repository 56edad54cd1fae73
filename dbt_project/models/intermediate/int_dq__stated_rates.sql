-- A stated 完成率 must agree with actual / target within two points (rounding, and
-- sources that state the rate against a slightly different base).
select
    'stated_rate_differs' as check_name,
    'warn' as severity,
    pairs.region,
    pairs.year,
    targets.document_id,
    pairs.indicator,
    pairs.stated_rate,
    pairs.actual_value / nullif(pairs.target_value, 0) as derived_rate,
    abs(pairs.stated_rate - pairs.actual_value / nullif(pairs.target_value, 0)) <= 0.02 as is_consistent,
    format({{ template("'stated completion rate {}% but actual / target is {}%'") }}, {{ number_text(round_places("pairs.stated_rate * 100", 1)) }},
           {{ number_text(round_places("100 * pairs.actual_value / nullif(pairs.target_value, 0)", 1)) }}) as detail,
    targets.sentence as statement,
    targets.char_start,
    targets.char_end
from {{ ref('int_target_actual_pairs') }} as pairs
inner join {{ ref('int_targets') }} as targets on targets.measure_id = pairs.target_id
where pairs.stated_rate is not null
