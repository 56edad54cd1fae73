-- Measures with value and unit converted to canonical units; indicators as the parser named them.
with measures as (
    select * from {{ source('raw', 'measures') }}
),

units as (
    select * from {{ ref('unit_conversions') }}
)

select
    measures.measure_id,
    measures.document_id,
    measures.char_start,
    measures.char_end,
    measures.sentence_start,
    measures.sentence_end,
    measures.sentence,
    {{ round_to_stated('measures.value * units.factor', 'measures.value_precision', 'units.factor') }} as value,
    {{ round_to_stated('measures.value_high * units.factor', 'measures.value_precision', 'units.factor') }} as value_high,
    measures.value_precision * units.factor as value_precision,
    units.unit,
    measures.value as value_raw,
    measures.value_high as value_high_raw,
    measures.value_raw as value_text,
    measures.unit_raw,
    coalesce(units.unit_family, measures.unit_family) as unit_family,
    units.unit is not null as is_unit_known,
    nullif(measures.qualifier, '') as qualifier,
    measures.comparator,
    measures.kind,
    measures.measure_type,
    nullif(measures.indicator, '') as indicator_raw,
    -- The parser names each indicator through the synonym table (parsers/indicators.py).
    coalesce(measures.indicator_canonical, nullif(measures.indicator, '')) as indicator,
    measures.indicator_canonical is not null as is_indicator_canonical,
    nullif(measures.indicator_key, '') as indicator_key,
    nullif(measures.key_modifier, '') as key_modifier,
    measures.year,
    measures.year_from,
    nullif(measures.section, '') as section,
    measures.orientation,
    measures.source_kind,
    measures.table_row,
    measures.page,
    measures.item,
    -- The total this figure is a part of (其中 / 合计), by its char_start in the same document.
    measures.part_of,
    measures.is_cumulative,
    measures.is_enumerated
from measures
left join units on units.unit_raw = measures.unit_raw
