select
    document_id || ':' || extractor as extraction_key,
    document_id,
    extractor,
    parser_version,
    row_count,
    extracted_at
from {{ source('raw', 'extractions') }}
