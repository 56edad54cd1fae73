select
    file_name,
    display_name,
    sha256,
    byte_size,
    reason,
    stage,
    duplicate_of,
    duplicate_of is not null as is_duplicate,
    checked_at
from {{ source('raw', 'rejected_files') }}
