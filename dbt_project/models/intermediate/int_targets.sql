-- Every target statement, including long-term goals (flagged), before merging twins.
select
    *,
    kind = 'long_term_goal' as is_long_term,
    case
        when source_kind = 'completion_table_task' then 1
        when document_kind = 'government_work_report' then 2
        else 3
    end as source_priority
from {{ ref('int_measures_in_context') }}
where kind in ('target', 'long_term_goal')
