-- Every reported figure: the year it describes, and whether it is a 预计 estimate.
select
    measure_id as actual_id,
    document_id,
    region,
    year,
    year_from as period_start,
    indicator,
    indicator_raw,
    measure_type,
    value,
    unit,
    value_raw,
    unit_raw,
    is_estimate,
    source_kind,
    document_kind,
    table_row,
    page,
    sentence as statement,
    char_start,
    char_end
from {{ ref('int_actuals') }}
