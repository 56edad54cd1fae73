-- Every data-quality finding, each pointing at text a person can open
-- (document_id + char_start/char_end in marts.documents.normalized_text).
{% set finding_columns = 'check_name, severity, region, year, document_id, indicator, detail, statement, char_start, char_end' %}
with findings as (
    select {{ finding_columns }} from {{ ref('int_dq__totals') }} where not is_consistent
    union all
    select {{ finding_columns }} from {{ ref('int_dq__stated_rates') }} where not is_consistent
    union all
    select {{ finding_columns }} from {{ ref('int_dq__sources_disagree') }}
    union all
    select {{ finding_columns }} from {{ ref('int_dq__unit_conflicts') }}
    union all
    select {{ finding_columns }} from {{ ref('int_dq__text_damage') }}
)

select
    md5(check_name || ':' || document_id || ':' || char_start || ':' || char_end || ':' || detail) as finding_id,
    *
from findings
