{% macro round_to_stated(value, precision, factor) -%}
{#- A value converted to the canonical unit, kept to the digits it was written with: one unit of
    its last written digit (twice its precision, or one unit of an exact integer), in the
    canonical unit, sets the place (130.42亿元 is 13042000000 元; 9500亩 is 633.33 公顷). -#}
{{ round_places(value, 'cast(ceil(-log10((case when ' ~ precision ~ ' > 0 then 2 * ' ~ precision ~ ' else 1 end) * ' ~ factor ~ ')) as integer)') }}
{%- endmacro %}

{#- A double rounded to `places` decimals (negative places round to tens, hundreds...). -#}
{% macro round_places(value, places) -%}
    {{ return(adapter.dispatch('round_places')(value, places)) }}
{%- endmacro %}

{% macro default__round_places(value, places) -%}
    round({{ value }}, {{ places }})
{%- endmacro %}

{#- PostgreSQL rounds to a place only numerics. -#}
{% macro postgres__round_places(value, places) -%}
    round(({{ value }})::numeric, {{ places }})::double precision
{%- endmacro %}

{#- A number as text the way it is written: 3 not 3.0, 468.4 as 468.4; the same in both engines. -#}
{% macro number_text(value) -%}
    case when {{ value }} = trunc({{ value }}) and abs({{ value }}) < 1e15
        then cast(cast({{ value }} as bigint) as varchar) else cast({{ value }} as varchar) end
{%- endmacro %}
