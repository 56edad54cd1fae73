select
    file_id,
    file_name,
    display_name,
    sha256,
    byte_size,
    encoding,
    source_format,
    extractor,
    original_char_count,
    char_count,
    hints_source,
    parser_version,
    loaded_at
from {{ source('raw', 'files') }}
