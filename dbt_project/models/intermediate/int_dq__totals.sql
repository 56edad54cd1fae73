-- Totals and their parts must add up within rounding (0.5%):
--   全年共清理“三块地”22853亩，其中清理批而未供土地4286亩、…  (total before 其中)
--   城镇危房17处、农村危房132处，合计149处                    (total after 合计/共计/总计)
-- Only groups of two or more parts are examined: a single 其中 figure is a share, not a split.
with all_measures as (
    select * from {{ ref('int_measures_in_context') }} where value is not null
),

measures as (
    select * from all_measures where kind in ('target', 'actual', 'estimate')
),

split_points as (
    select
        measure_id,
        sentence_start + strpos(sentence, '其中') - 1 as qizhong_at
    from measures
    where strpos(sentence, '其中') > 0
),

totals_before_qizhong as (
    select measures.measure_id as total_id, split_points.qizhong_at
    from measures
    inner join split_points using (measure_id)
    where measures.char_end <= split_points.qizhong_at
    qualify row_number() over (
        partition by measures.document_id, measures.sentence_start, measures.unit order by measures.char_end desc
    ) = 1
),

-- The parts are the run of same-unit numbers right after 其中; any other number (a growth
-- rate, a 10亿元以上 threshold) ends the run.
after_qizhong as (
    select
        total.measure_id as total_id,
        later.measure_id as part_id,
        later.value as part_value,
        later.kind,
        sum(case when later.unit = total.unit and later.measure_type = total.measure_type then 0 else 1 end) over (
            partition by total.measure_id order by later.char_start rows unbounded preceding
        ) as breaks_so_far
    from totals_before_qizhong
    inner join all_measures as total on total.measure_id = totals_before_qizhong.total_id
    inner join all_measures as later
        on later.document_id = total.document_id
        and later.sentence_start = total.sentence_start
        and later.char_start > totals_before_qizhong.qizhong_at
),

qizhong_groups as (
    select total_id, part_id, part_value
    from after_qizhong
    where breaks_so_far = 0 and kind in ('target', 'actual', 'estimate')
),

sum_words as (
    select measure_id
    from measures
    where regexp_matches(substring(sentence, greatest(char_start - sentence_start - 3, 0) + 1, least(char_start - sentence_start, 4)), '合计|共计|总计')
),

sum_groups as (
    select total.measure_id as total_id, part.measure_id as part_id, part.value as part_value
    from sum_words
    inner join measures as total on total.measure_id = sum_words.measure_id
    inner join measures as part
        on part.document_id = total.document_id
        and part.sentence_start = total.sentence_start
        and part.unit = total.unit
        and part.measure_type = total.measure_type
        and part.char_end <= total.char_start
),

groups as (
    select total_id, count(*) as part_count, sum(part_value) as parts_sum, string_agg(part_id, ',') as part_ids
    from (select * from qizhong_groups union all select * from sum_groups)
    group by total_id
    having count(*) >= 2
)

select
    'totals_add_up' as check_name,
    'warn' as severity,
    total.region,
    total.year,
    total.document_id,
    total.indicator,
    groups.part_count,
    groups.parts_sum,
    total.value as total_value,
    abs(groups.parts_sum - total.value) <= 0.005 * abs(total.value) as is_consistent,
    format('total {} {} but its {} parts add up to {} {}', total.value_raw, total.unit_raw, groups.part_count,
           round(groups.parts_sum / nullif(total.value / nullif(total.value_raw, 0), 0), 4), total.unit_raw) as detail,
    total.sentence as statement,
    total.char_start,
    total.char_end
from groups
inner join measures as total on total.measure_id = groups.total_id
