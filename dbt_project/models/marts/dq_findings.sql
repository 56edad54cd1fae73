-- Every data-quality finding, each pointing at text a person can open
-- (document_id + char_start/char_end in marts.documents.normalized_text).
-- Identical findings (the same check saying the same of the same span) are one finding, and
-- the id hashes every column that tells findings apart, so it is unique by construction.
{% set finding_columns = 'check_name, severity, region, year, document_id, indicator, detail, statement, char_start, char_end' %}
with findings as (
    select {{ finding_columns }} from {{ ref('int_dq__totals') }} where not is_consistent
    union
    select {{ finding_columns }} from {{ ref('int_dq__stated_rates') }} where not is_consistent
    union
    select {{ finding_columns }} from {{ ref('int_dq__sources_disagree') }}
    union
    select {{ finding_columns }} from {{ ref('int_dq__unit_conflicts') }}
    union
    select {{ finding_columns }} from {{ ref('int_dq__text_damage') }}
    union
    select {{ finding_columns }} from {{ ref('int_dq__table_rows_unpaired') }}
)

select
    md5(concat_ws('|', check_name, severity, document_id, char_start, char_end, coalesce(region, ''),
                  coalesce(year, -1), coalesce(indicator, ''), detail, coalesce(statement, ''))) as finding_id,
    *
from findings
