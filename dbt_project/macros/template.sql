{#- A format() template with {} placeholders, as DuckDB writes them; PostgreSQL's format() takes %s
    (and %% for a percent sign). -#}
{% macro template(literal) -%}
    {{ return(adapter.dispatch('template')(literal)) }}
{%- endmacro %}

{% macro default__template(literal) -%}
    {{ literal }}
{%- endmacro %}

{% macro postgres__template(literal) -%}
    {{ literal.replace('%', '%%').replace('{}', '%s') }}
{%- endmacro %}
