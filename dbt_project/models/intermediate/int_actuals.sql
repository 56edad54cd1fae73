-- Every reported figure: final actuals and 预计 estimates.
select
    *,
    kind = 'estimate' as is_estimate
from {{ ref('int_measures_in_context') }}
where kind in ('actual', 'estimate')
