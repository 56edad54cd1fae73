-- Totals and their parts must add up to the precision they are written in. The parser says
-- which figure is a part of which total (parsers/totals.py: 其中 and 合计/共计/总计):
--   全年共清理“三块地”22853亩，其中清理批而未供土地4286亩、…  (total before 其中)
--   城镇危房17处、农村危房132处，合计149处                    (total after 合计)
-- Integers add exactly; 1.5万 is ±0.05万, and the tolerance is the sum of the written
-- precisions. A total marked 以上/余/多 is a floor the parts must reach; parts so marked are
-- floors the total must reach. Only reported figures are checked (a target with its sub-targets
-- is a plan, not a sum), and only groups of two or more parts (one 其中 figure is a share).
with measures as (
    select * from {{ ref('int_measures_in_context') }} where value is not null
),

parts as (
    select * from measures where part_of is not null
),

groups as (
    select
        document_id,
        part_of,
        count(*) as part_count,
        sum(value) as parts_sum,
        sum(value_precision) as parts_precision,
        bool_or(comparator = '>=') as parts_are_floors,
        bool_or(comparator in ('~', 'between')) as parts_are_approximate
    from parts
    group by document_id, part_of
    having count(*) >= 2
),

totals as (
    select
        groups.part_count,
        groups.parts_sum,
        groups.parts_are_floors,
        groups.parts_are_approximate,
        total.*,
        total.value_precision + groups.parts_precision as tolerance
    from groups
    inner join measures as total
        on total.document_id = groups.document_id
        and total.char_start = groups.part_of
        and total.item = 0
    where total.kind in ('actual', 'estimate') and not groups.parts_are_approximate and total.comparator <> '~'
)

select
    'totals_add_up' as check_name,
    'warn' as severity,
    region,
    year,
    document_id,
    indicator,
    part_count,
    parts_sum,
    value as total_value,
    tolerance,
    case
        when comparator = '>=' and parts_are_floors then true
        when comparator = '>=' then parts_sum >= value - tolerance
        when parts_are_floors then parts_sum <= value + tolerance
        else abs(parts_sum - value) <= tolerance + 1e-9 * abs(value)
    end as is_consistent,
    format({{ template("'total {} {} but its {} parts add up to {} {}'") }}, {{ number_text('value_raw') }}, unit_raw, part_count,
           {{ number_text(round_places("parts_sum / nullif(value / nullif(value_raw, 0), 0)", 4)) }}, unit_raw) as detail,
    sentence as statement,
    char_start,
    char_end
from totals
