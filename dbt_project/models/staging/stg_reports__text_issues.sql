select
    document_id,
    issue_kind,
    char_start,
    char_end,
    detail
from {{ source('raw', 'text_issues') }}
