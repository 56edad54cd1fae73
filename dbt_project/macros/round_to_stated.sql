{% macro round_to_stated(value, precision, factor) -%}
{#- A value converted to the canonical unit, kept to the digits it was written with: one unit of
    its last written digit (twice its precision, or one unit of an exact integer), in the
    canonical unit, sets the place (130.42亿元 is 13042000000 元; 9500亩 is 633.33 公顷). -#}
round({{ value }}, cast(ceil(-log10((case when {{ precision }} > 0 then 2 * {{ precision }} else 1 end) * {{ factor }})) as integer))
{%- endmacro %}
