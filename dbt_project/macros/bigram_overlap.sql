{#- Two wordings of one indicator across reports share most of their character pairs
    (托育托位 / 托位, 筹集建设保障性住房 / 筹集保障性住房) where unrelated ones share few
    (公办义务教育学位 / 公办高中学位 share 公办 and 学位 of 7 and 5). -#}
{% macro bigrams(text) -%}
    list_distinct([substr({{ text }}, i, 2) for i in range(1, length({{ text }}))])
{%- endmacro %}

{#- How many distinct character pairs a and b share. -#}
{% macro shared_bigrams(a, b) -%}
    len(list_intersect({{ bigrams(a) }}, {{ bigrams(b) }}))
{%- endmacro %}
