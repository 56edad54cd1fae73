{#- The columns of a pair with one actual, in the shape int_target_actual_pairs unions
    (int_completion_table_pairs builds the same columns from summed parts). -#}
{% macro single_actual_pair(pairing_method) -%}
    targets.measure_id as target_id,
    actuals.measure_id as actual_id,
    actuals.value as actual_value,
    1 as actual_part_count,
    actuals.measure_id as actual_ids,
    actuals.is_estimate,
    cast(null as double precision) as stated_rate,
    '{{ pairing_method }}' as pairing_method
{%- endmacro %}
