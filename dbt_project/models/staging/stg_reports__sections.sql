select
    document_id || ':' || section_index as section_id,
    document_id,
    section_index,
    heading,
    level as heading_level,
    orientation,
    year,
    period_start,
    period_end,
    char_start,
    char_end
from {{ source('raw', 'sections') }}
