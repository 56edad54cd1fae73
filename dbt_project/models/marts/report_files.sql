with document_counts as (
    select file_id, count(*) as document_count
    from {{ ref('stg_reports__documents') }}
    group by file_id
)

select
    files.file_name,
    files.display_name,
    'loaded' as status,
    cast(null as varchar) as stage,
    cast(null as varchar) as reason,
    files.source_format,
    files.extractor,
    files.encoding,
    files.byte_size,
    coalesce(document_counts.document_count, 0) as document_count
from {{ ref('stg_reports__files') }} as files
left join document_counts using (file_id)

union all

select
    file_name,
    display_name,
    'rejected' as status,
    stage,
    reason,
    cast(null as varchar) as source_format,
    cast(null as varchar) as extractor,
    cast(null as varchar) as encoding,
    byte_size,
    0 as document_count
from {{ ref('stg_reports__rejected_files') }}
