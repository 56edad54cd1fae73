-- Every quantitative target, once: a target stated in several sources (the report and its
-- completion table) is one row whose other sources are listed in also_stated_in.
with targets as (
    select * from {{ ref('int_targets') }}
),

twins as (
    select * from {{ ref('int_target_twins') }}
),

-- Each other source keeps its own comparator: the party report's 6.5%以上 beside the
-- government report's 6.5% (int_dq__sources_disagree flags the difference).
other_sources as (
    select
        twins.twin_id as target_id,
        count(*) as other_source_count,
        string_agg(twins.target_id || ' (' || restated.comparator || ')', ',' order by twins.target_id) as also_stated_in
    from twins
    inner join targets as restated on restated.measure_id = twins.target_id
    group by twins.twin_id
)

select
    targets.measure_id as target_id,
    targets.document_id,
    targets.region,
    targets.year as plan_year,
    targets.year_from as period_start,
    targets.indicator,
    targets.indicator_raw,
    targets.measure_type,
    targets.value,
    targets.value_high,
    targets.unit,
    targets.value_raw,
    targets.unit_raw,
    targets.comparator,
    targets.direction,
    targets.is_long_term,
    targets.source_kind,
    targets.document_kind,
    targets.table_row,
    targets.page,
    1 + coalesce(other_sources.other_source_count, 0) as source_count,
    other_sources.also_stated_in,
    targets.sentence as statement,
    targets.char_start,
    targets.char_end
from targets
left join other_sources on other_sources.target_id = targets.measure_id
where targets.measure_id not in (select target_id from twins)
