select
    file_id,
    file_name,
    display_name,
    sha256,
    byte_size,
    encoding,
    source_format,
    extractor,
    length(original_text) as original_char_count,
    length(normalized_text) as char_count,
    hints_source,
    parser_version,
    loaded_at
from {{ source('raw', 'files') }}
