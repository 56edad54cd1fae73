-- Every quantitative statement, with its meaning, its document and the sentence it came from.
select
    measures.measure_id,
    measures.document_id,
    documents.file_name,
    documents.region,
    documents.document_kind,
    measures.kind,
    measures.measure_type,
    measures.indicator_raw,
    measures.year,
    measures.year_from as period_start,
    measures.value,
    measures.value_high,
    measures.value_raw,
    measures.unit_raw,
    measures.unit_family,
    measures.comparator,
    measures.qualifier,
    measures.source_kind,
    measures.table_row,
    measures.page,
    measures.section,
    measures.sentence as statement,
    measures.char_start,
    measures.char_end
from {{ ref('stg_reports__measures') }} as measures
inner join {{ ref('stg_reports__documents') }} as documents using (document_id)
