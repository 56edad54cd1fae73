{#- The administrative levels an indicator is limited to: 省级 -> 省, 省市级 or 省市 -> 省市,
    国家级 -> 国家 ('' when it names none). Figures of different levels count different things. -#}
{% macro scope_levels(indicator) -%}
    coalesce(nullif({{ first_group(indicator, '((?:国家|省|市|区|县)+)级') }}, ''),
             nullif({{ first_group(indicator, '(省市|国家)') }}, ''), '')
{%- endmacro %}

{#- The first group of the pattern's first match in text ('' when it does not match). -#}
{% macro first_group(text, pattern) -%}
    {{ return(adapter.dispatch('first_group')(text, pattern)) }}
{%- endmacro %}

{% macro default__first_group(text, pattern) -%}
    regexp_extract({{ text }}, '{{ pattern }}', 1)
{%- endmacro %}

{% macro postgres__first_group(text, pattern) -%}
    coalesce((regexp_match({{ text }}, '{{ pattern }}'))[1], '')
{%- endmacro %}
