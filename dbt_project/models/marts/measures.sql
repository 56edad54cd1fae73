-- Every number-with-unit, with its document and the sentence it came from.
select
    measures.measure_id,
    measures.document_id,
    documents.file_name,
    measures.value,
    measures.value_high,
    measures.value_raw,
    measures.unit_raw,
    measures.unit_family,
    measures.qualifier_prefix,
    measures.qualifier_suffix,
    measures.approximation,
    measures.sentence as statement,
    measures.char_start,
    measures.char_end
from {{ ref('stg_reports__measures') }} as measures
inner join {{ ref('stg_reports__documents') }} as documents using (document_id)
