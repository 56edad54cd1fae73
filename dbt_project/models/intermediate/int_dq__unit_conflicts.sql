-- Units that do not fit:
-- 1. a completion-table target whose row reports the same indicator only in another unit
--    family (a target in 亩 answered in 个), so no rate can be computed;
-- 2. the same region, year and indicator measured in different unit families across documents;
-- 3. one task stated in two sources of the same region and year, same unit family, whose values
--    disagree after conversion (3万平方米 in one, 10万平方米 in the other).
with measures as (
    select * from {{ ref('int_measures_in_context') }} where value is not null
),

targets as (
    select * from {{ ref('int_targets') }} where value is not null
),

paired as (
    select target_id from {{ ref('int_target_actual_pairs') }}
),

table_conflict_candidates as (
    select
        row_number() over (partition by targets.measure_id order by actuals.char_start) as conflict_rank,
        'unit_family_conflict' as check_name,
        'warn' as severity,
        targets.region,
        targets.year,
        targets.document_id,
        targets.indicator,
        format({{ template("'row {}: target {} {} ({}) but the completion reports {} {} ({})'") }}, targets.table_row,
               {{ number_text('targets.value_raw') }}, targets.unit_raw, targets.unit_family, {{ number_text('actuals.value_raw') }}, actuals.unit_raw,
               actuals.unit_family) as detail,
        targets.sentence as statement,
        targets.char_start,
        targets.char_end
    from targets
    inner join measures as actuals
        on actuals.document_id = targets.document_id
        and actuals.table_row = targets.table_row
        and actuals.source_kind = 'completion_table_completion'
        and actuals.kind in ('actual', 'estimate')
        and actuals.unit_family <> targets.unit_family
    where targets.source_kind = 'completion_table_task'
        and targets.measure_id not in (select target_id from paired)
        and {{ char_overlap('targets.indicator', 'actuals.indicator') }} >= 0.5
),

table_conflicts as (
    select check_name, severity, region, year, document_id, indicator, detail, statement, char_start, char_end
    from table_conflict_candidates
    where conflict_rank = 1
),

family_conflicts as (
    select
        'indicator_unit_families_differ' as check_name,
        'info' as severity,
        region,
        year,
        min(document_id) as document_id,
        indicator,
        format({{ template("'{} in {}: measured in {}'") }}, indicator, year, string_agg(distinct unit_family, ' and ')) as detail,
        min(sentence) as statement,
        min(char_start) as char_start,
        min(char_end) as char_end
    from measures
    where is_indicator_canonical and kind in ('target', 'actual', 'estimate') and measure_type in ('level', 'count')
    group by region, year, indicator
    having count(distinct unit_family) > 1
),

restatements as (
    select
        'restated_target_differs' as check_name,
        'warn' as severity,
        secondary.region,
        secondary.year,
        secondary.document_id,
        secondary.indicator,
        format({{ template("'{} {} in {} but {} {} ({} vs {} {}) in the {}'") }}, {{ number_text('secondary.value_raw') }}, secondary.unit_raw,
               secondary.document_kind, {{ number_text('primary_target.value_raw') }}, primary_target.unit_raw,
               {{ number_text(round_places("secondary.value", 2)) }}, {{ number_text(round_places("primary_target.value", 2)) }}, secondary.unit,
               primary_target.document_kind) as detail,
        secondary.sentence as statement,
        secondary.char_start,
        secondary.char_end
    from {{ ref('int_target_restatements') }} as restatements
    inner join targets as secondary on secondary.measure_id = restatements.target_id
    inner join targets as primary_target on primary_target.measure_id = restatements.twin_id
    where not restatements.values_agree
        and restatements.similarity >= 0.8
        and length(secondary.indicator) >= 4
        and secondary.measure_id not in (select target_id from {{ ref('int_target_twins') }})
        -- the same indicator word for word is reported by sources_disagree
        and secondary.indicator <> primary_target.indicator
)

select * from table_conflicts
union all
select * from family_conflicts
union all
select * from restatements
