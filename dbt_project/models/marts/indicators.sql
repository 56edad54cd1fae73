-- One row per canonical indicator: its synonyms and how much data it has.
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
    any_value(measures.direction) as direction
from measures
group by measures.indicator
