{#- Share of the distinct characters of `a` that also occur in `b` (0 when either is empty).
    Indicator phrases from two cells of one table row rarely match word for word
    (危旧住房 / 城镇危房), but they share characters. -#}
{% macro char_overlap(a, b) -%}
    case
        when coalesce({{ a }}, '') = '' or coalesce({{ b }}, '') = '' then 0.0
        else {{ adapter.dispatch('shared_characters')(a, b) }}::double precision
            / {{ adapter.dispatch('distinct_characters')(a) }}
    end
{%- endmacro %}

{% macro default__shared_characters(a, b) -%}
    len(list_intersect(list_distinct(string_split({{ a }}, '')), list_distinct(string_split({{ b }}, ''))))
{%- endmacro %}

{% macro postgres__shared_characters(a, b) -%}
    (select count(*) from (
        select substr({{ a }}, i, 1) from generate_series(1, length({{ a }})) as i
        intersect
        select substr({{ b }}, i, 1) from generate_series(1, length({{ b }})) as i) as shared)
{%- endmacro %}

{% macro default__distinct_characters(a) -%}
    len(list_distinct(string_split({{ a }}, '')))
{%- endmacro %}

{% macro postgres__distinct_characters(a) -%}
    (select count(distinct substr({{ a }}, i, 1)) from generate_series(1, length({{ a }})) as i)
{%- endmacro %}
