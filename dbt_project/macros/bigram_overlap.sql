{#- Two wordings of one indicator across reports share most of their character pairs
    (托育托位 / 托位, 筹集建设保障性住房 / 筹集保障性住房) where unrelated ones share few
    (公办义务教育学位 / 公办高中学位 share 公办 and 学位 of 7 and 5).
    DuckDB counts them with lists, PostgreSQL (the serving copy) with set operations; both give
    null for a null text. -#}

{#- How many distinct character pairs a text has. -#}
{% macro bigram_count(text) -%}
    {{ return(adapter.dispatch('bigram_count')(text)) }}
{%- endmacro %}

{% macro default__bigram_count(text) -%}
    len(list_distinct([substr({{ text }}, i, 2) for i in range(1, length({{ text }}))]))
{%- endmacro %}

{% macro postgres__bigram_count(text) -%}
    case when {{ text }} is not null then
        (select count(distinct substr({{ text }}, i, 2)) from generate_series(1, length({{ text }}) - 1) as i)
    end
{%- endmacro %}

{#- How many distinct character pairs a and b share. -#}
{% macro shared_bigrams(a, b) -%}
    {{ return(adapter.dispatch('shared_bigrams')(a, b)) }}
{%- endmacro %}

{% macro default__shared_bigrams(a, b) -%}
    len(list_intersect([substr({{ a }}, i, 2) for i in range(1, length({{ a }}))],
                       [substr({{ b }}, i, 2) for i in range(1, length({{ b }}))]))
{%- endmacro %}

{% macro postgres__shared_bigrams(a, b) -%}
    case when {{ a }} is not null and {{ b }} is not null then
        (select count(*) from (
            select substr({{ a }}, i, 2) from generate_series(1, length({{ a }}) - 1) as i
            intersect
            select substr({{ b }}, i, 2) from generate_series(1, length({{ b }}) - 1) as i) as shared)
    end
{%- endmacro %}
