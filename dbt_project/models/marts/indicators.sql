-- One row per indicator: its synonyms, how much data it has, and whether the synonym table knows it.
with measures as (
    select * from {{ ref('int_measures_in_context') }}
    where indicator is not null and kind in ('target', 'long_term_goal', 'actual', 'estimate')
),

seeded as (
    select indicator, synonym as name from {{ ref('indicator_synonyms') }}
    union
    select indicator, indicator_raw as name from measures where indicator_raw is not null
)

select
    measures.indicator,
    (select string_agg(distinct seeded.name, '、' order by seeded.name) from seeded where seeded.indicator = measures.indicator)
        as synonyms,
    count(*) filter (where measures.kind in ('target', 'long_term_goal')) as target_count,
    count(*) filter (where measures.kind in ('actual', 'estimate')) as actual_count,
    count(distinct measures.region) as region_count,
    count(distinct measures.year) as year_count,
    min(measures.direction) as direction,  -- one per indicator (its directions seed)
    -- false: a wording the synonym table does not know yet (parsers/data/indicator_synonyms.csv);
    -- it pairs across documents only when worded the same, so it is the list to extend.
    bool_or(measures.is_indicator_canonical) as is_in_synonym_table
from measures
group by measures.indicator
