with measure_counts as (
    select document_id, count(*) as measure_count
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
    documents.file_name,
    documents.encoding,
    documents.byte_size,
    documents.char_count,
    coalesce(measure_counts.measure_count, 0) as measure_count,
    coalesce(issue_counts.text_issue_count, 0) as text_issue_count,
    case when coalesce(issue_counts.text_issue_count, 0) > 0 then 'damaged' else 'ok' end as parse_status,
    documents.loaded_at
from {{ ref('stg_reports__documents') }} as documents
left join measure_counts using (document_id)
left join issue_counts using (document_id)
