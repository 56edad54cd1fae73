-- Every measure with its document's region and kind, and the indicator's direction.
with measures as (
    select * from {{ ref('stg_reports__measures') }}
),

documents as (
    select * from {{ ref('stg_reports__documents') }}
),

directions as (
    select * from {{ ref('indicator_directions') }}
),

lower_is_better as (
    select distinct measures.measure_id
    from measures
    inner join directions
        on strpos(coalesce(measures.indicator, ''), directions.keyword) > 0
    where directions.direction = 'lower_is_better'
)

select
    measures.*,
    documents.region,
    documents.region_code,
    documents.region_level,
    documents.document_kind,
    documents.document_date,
    documents.review_year,
    documents.plan_year,
    case when lower_is_better.measure_id is not null then 'lower_is_better' else 'higher_is_better' end as direction
from measures
inner join documents using (document_id)
left join lower_is_better using (measure_id)
