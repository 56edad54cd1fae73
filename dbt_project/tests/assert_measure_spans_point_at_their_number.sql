-- A measure's char span must lie inside its document and contain the number as written.
{{ config(meta={'dagster': {'ref': {'name': 'stg_reports__measures'}}}) }}
select measures.measure_id, measures.char_start, measures.char_end, measures.value_text
from {{ ref('stg_reports__measures') }} as measures
inner join {{ ref('stg_reports__documents') }} as documents using (document_id)
where measures.char_start < 0
   or measures.char_end > documents.char_count
   or strpos(
        substring(documents.normalized_text, measures.char_start + 1, measures.char_end - measures.char_start),
        measures.value_text
      ) = 0
