select
    document_id,
    char_start,
    char_end,
    sentence_start,
    sentence_end,
    sentence
from {{ source('raw', 'unparsed_numbers') }}
