-- A measure's char span must lie inside its sentence, the sentence inside its document, and the
-- span contain the number as written. The number is looked for in the sentence (the parser cuts
-- it from the document, tests/test_statements.py): a position deep in a long document costs a scan.
{{ config(meta={'dagster': {'ref': {'name': 'stg_reports__measures'}}}) }}
select measures.measure_id, measures.char_start, measures.char_end, measures.value_text
from {{ ref('stg_reports__measures') }} as measures
inner join {{ ref('stg_reports__documents') }} as documents using (document_id)
where measures.sentence_start < 0
   or measures.sentence_end > documents.char_count
   or measures.char_start < measures.sentence_start
   or measures.char_end > measures.sentence_end
   or strpos(
        substring(measures.sentence, measures.char_start - measures.sentence_start + 1,
                  measures.char_end - measures.char_start),
        measures.value_text
      ) = 0
