{#- The administrative levels an indicator is limited to: 省级 -> 省, 省市级 or 省市 -> 省市,
    国家级 -> 国家 ('' when it names none). Figures of different levels count different things. -#}
{% macro scope_levels(indicator) -%}
    coalesce(nullif(regexp_extract({{ indicator }}, '((?:国家|省|市|区|县)+)级', 1), ''),
             nullif(regexp_extract({{ indicator }}, '(省市|国家)', 1), ''), '')
{%- endmacro %}
