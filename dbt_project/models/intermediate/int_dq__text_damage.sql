-- Damaged or incomplete text: mojibake and U+FFFD (warn); removed OCR junk, line breaks put back
-- into a text that had none, partial documents, and numbers in quantitative sentences that no
-- measure covers (info).
with documents as (
    select * from {{ ref('stg_reports__documents') }}
),

issues as (
    select
        case issue_kind
            when 'ocr_junk' then 'ocr_junk_removed'
            when 'no_line_breaks' then 'line_breaks_restored'
            else 'text_damaged'
        end as check_name,
        case when issue_kind in ('ocr_junk', 'no_line_breaks') then 'info' else 'warn' end as severity,
        documents.region,
        documents.plan_year as year,
        issues.document_id,
        cast(null as varchar) as indicator,
        issues.issue_kind || ': ' || issues.detail as detail,
        substring(documents.normalized_text, greatest(issues.char_start - 30, 0) + 1, issues.char_end - issues.char_start + 60)
            as statement,
        issues.char_start,
        issues.char_end
    from {{ ref('stg_reports__text_issues') }} as issues
    inner join documents using (document_id)
),

partial_documents as (
    select
        'partial_document' as check_name,
        'info' as severity,
        region,
        plan_year as year,
        document_id,
        cast(null as varchar) as indicator,
        format({{ template("'{} is an excerpt: it opens mid-text, so its review or main targets may be missing'") }}, title) as detail,
        substring(normalized_text, 1, 120) as statement,
        0 as char_start,
        least(char_count, 120) as char_end
    from documents
    where is_partial
),

unparsed as (
    select
        'number_not_extracted' as check_name,
        'info' as severity,
        documents.region,
        documents.plan_year as year,
        unparsed.document_id,
        cast(null as varchar) as indicator,
        format({{ template("'number {} in a quantitative sentence yielded no measure'") }},
               -- Read from the sentence, not the document: a position deep in a long text costs a scan.
               substring(unparsed.sentence, unparsed.char_start - unparsed.sentence_start + 1,
                         unparsed.char_end - unparsed.char_start))
            as detail,
        unparsed.sentence as statement,
        unparsed.char_start,
        unparsed.char_end
    from {{ ref('stg_reports__unparsed_numbers') }} as unparsed
    inner join documents using (document_id)
)

select * from issues
union all
select * from partial_documents
union all
select * from unparsed
