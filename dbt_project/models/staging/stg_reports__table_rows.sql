select
    document_id || ':' || row_number as table_row_id,
    document_id,
    row_number,
    chapter,
    nullif(goal, '') as goal,
    goal_inherited,
    task,
    completion,
    task_start,
    task_end,
    completion_start,
    completion_end
from {{ source('raw', 'table_rows') }}
