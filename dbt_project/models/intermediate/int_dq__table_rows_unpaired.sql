-- Completion-table targets left without an actual although their row reports a figure of the
-- same kind, with the reason the figure did not qualify (a running total, another level).
with refused as (
    select * from (
    select
        row_number() over (partition by candidates.target_id order by candidates.actual_char_start) as refusal_rank,
        targets.*,
        candidates.actual_value_raw,
        candidates.actual_unit_raw,
        case
            when not candidates.is_same_span then 'a running total or a stock (累计, 面积…), not the year''s amount'
            else 'figures of another level (' || candidates.actual_levels || '级)'
        end as reason
    from {{ ref('int_completion_table_candidates') }} as candidates
    inner join {{ ref('int_targets') }} as targets on targets.measure_id = candidates.target_id
    where candidates.target_id not in (select target_id from {{ ref('int_completion_table_pairs') }})
        and not (candidates.is_same_span and candidates.is_same_scope)
    ) as ranked
    where refusal_rank = 1
)

select
    'table_row_unpaired' as check_name,
    'info' as severity,
    region,
    year,
    document_id,
    indicator,
    format({{ template("'row {}: target {} {} left unpaired: the completion reports {}: {} {}'") }}, table_row, {{ number_text('value_raw') }}, unit_raw,
           reason, {{ number_text('actual_value_raw') }}, actual_unit_raw) as detail,
    sentence as statement,
    char_start,
    char_end
from refused
