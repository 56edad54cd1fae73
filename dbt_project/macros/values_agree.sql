{#- Whether two statements of one quantity agree: equal up to the rounding of the way they are
    written (1.23亿 and 12345万 differ by 0.4%), so within half a percent of the larger. Used
    wherever two sources are compared: restated targets and sources that disagree. -#}
{% macro values_agree(a, b) -%}
    (abs({{ a }} - {{ b }}) <= 0.005 * greatest(abs({{ a }}), abs({{ b }})))
{%- endmacro %}
