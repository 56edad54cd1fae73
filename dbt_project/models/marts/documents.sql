with measure_counts as (
    select
        document_id,
        count(*) as measure_count,
        count(*) filter (where kind = 'target') as target_count,
        count(*) filter (where kind in ('actual', 'estimate')) as actual_count
    from {{ ref('stg_reports__measures') }}
    group by document_id
),

issue_counts as (
    select document_id, count(*) as text_issue_count
    from {{ ref('stg_reports__text_issues') }}
    group by document_id
)

select
    documents.document_id,
    documents.file_id,
    documents.file_name,
    documents.document_index,
    documents.title,
    documents.region,
    documents.region_code,
    documents.region_level,
    documents.region_parents[array_length(documents.region_parents, 1)] as parent_region,
    documents.region_parents,
    documents.region_source,
    documents.document_kind,
    documents.document_date,
    documents.speaker,
    documents.review_year,
    documents.plan_year,
    documents.year_source,
    documents.is_partial,
    documents.split_reason,
    documents.garbled_share,
    documents.char_count,
    coalesce(measure_counts.measure_count, 0) as measure_count,
    coalesce(measure_counts.target_count, 0) as target_count,
    coalesce(measure_counts.actual_count, 0) as actual_count,
    coalesce(issue_counts.text_issue_count, 0) as text_issue_count,
    case
        when coalesce(issue_counts.text_issue_count, 0) > 0 then 'damaged'
        when documents.is_partial then 'partial'
        else 'ok'
    end as parse_status,
    documents.normalized_text
from {{ ref('stg_reports__documents') }} as documents
left join measure_counts using (document_id)
left join issue_counts using (document_id)
