-- How many rows each data-quality check examined and how many it flagged.
with examined as (
    select 'totals_add_up' as check_name, count(*) as rows_examined, count(*) filter (where not is_consistent) as rows_flagged
    from {{ ref('int_dq__totals') }}
    union all
    select 'stated_rate_differs', count(*), count(*) filter (where not is_consistent)
    from {{ ref('int_dq__stated_rates') }}
    union all
    select 'sources_disagree',
        (select count(*) from {{ ref('int_measures_in_context') }} where kind in ('target', 'long_term_goal', 'actual', 'estimate')),
        (select count(*) from {{ ref('int_dq__sources_disagree') }} where check_name = 'sources_disagree')
    union all
    select 'table_row_unpaired',
        (select count(*) from {{ ref('int_targets') }} where source_kind = 'completion_table_task'),
        (select count(*) from {{ ref('int_dq__table_rows_unpaired') }})
    union all
    select 'restated_comparator_differs',
        (select count(*) from {{ ref('int_target_twins') }}),
        (select count(*) from {{ ref('int_dq__sources_disagree') }} where check_name = 'restated_comparator_differs')
    union all
    select 'unit_family_conflict',
        (select count(*) from {{ ref('int_targets') }} where source_kind = 'completion_table_task'),
        (select count(*) from {{ ref('int_dq__unit_conflicts') }} where check_name = 'unit_family_conflict')
    union all
    select 'indicator_unit_families_differ',
        (select count(distinct (region, year, indicator)) from {{ ref('int_measures_in_context') }} where is_indicator_canonical),
        (select count(*) from {{ ref('int_dq__unit_conflicts') }} where check_name = 'indicator_unit_families_differ')
    union all
    select 'restated_target_differs',
        (select count(*) from {{ ref('int_targets') }} where source_priority > 1),
        (select count(*) from {{ ref('int_dq__unit_conflicts') }} where check_name = 'restated_target_differs')
    union all
    select 'text_damaged', (select count(*) from {{ ref('stg_reports__documents') }}),
        (select count(*) from {{ ref('int_dq__text_damage') }} where check_name = 'text_damaged')
    union all
    select 'ocr_junk_removed', (select count(*) from {{ ref('stg_reports__documents') }}),
        (select count(*) from {{ ref('int_dq__text_damage') }} where check_name = 'ocr_junk_removed')
    union all
    select 'line_breaks_restored', (select count(*) from {{ ref('stg_reports__documents') }}),
        (select count(*) from {{ ref('int_dq__text_damage') }} where check_name = 'line_breaks_restored')
    union all
    select 'partial_document', (select count(*) from {{ ref('stg_reports__documents') }}),
        (select count(*) from {{ ref('int_dq__text_damage') }} where check_name = 'partial_document')
    union all
    select 'number_not_extracted', (select count(*) from {{ ref('stg_reports__measures') }}),
        (select count(*) from {{ ref('int_dq__text_damage') }} where check_name = 'number_not_extracted')
)

select * from examined
