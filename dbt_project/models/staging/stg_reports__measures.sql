select
    measure_id,
    document_id,
    char_start,
    char_end,
    sentence_start,
    sentence_end,
    sentence,
    value,
    value_high,
    value_raw,
    unit_raw,
    unit_family,
    nullif(qualifier_prefix, '') as qualifier_prefix,
    nullif(qualifier_suffix, '') as qualifier_suffix,
    nullif(approximation, '') as approximation
from {{ source('raw', 'measures') }}
