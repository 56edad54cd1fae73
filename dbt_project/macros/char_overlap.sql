{#- Share of the distinct characters of `a` that also occur in `b` (0 when either is empty).
    Indicator phrases from two cells of one table row rarely match word for word
    (危旧住房 / 城镇危房), but they share characters. -#}
{% macro char_overlap(a, b) -%}
    case
        when coalesce({{ a }}, '') = '' or coalesce({{ b }}, '') = '' then 0.0
        else len(list_intersect(list_distinct(string_split({{ a }}, '')), list_distinct(string_split({{ b }}, ''))))::double
            / len(list_distinct(string_split({{ a }}, '')))
    end
{%- endmacro %}
