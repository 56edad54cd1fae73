"""`warehouse report`: one self-contained HTML page of the published marts, charts by plotly
(its JavaScript inlined, so the page works offline) and every figure linked to its sentence."""

from __future__ import annotations

import html
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from orchestration.answers import published_marts, query_rows, source_of

# Chinese first in the font stack: a report's names and sentences are Chinese.
FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", '
              '"Microsoft YaHei", "Heiti SC", sans-serif')
# Indicators a region's reports state every year, for the over-the-years chart.
HEADLINE_INDICATORS = ("地区生产总值", "一般公共预算收入", "城镇新增就业", "居民消费价格", "规模以上工业增加值",
                       "固定资产投资", "社会消费品零售总额", "城乡居民人均可支配收入")
_STYLE = f"""
body {{ font-family: {FONT_STACK}; margin: 2em auto; max-width: 1200px; color: #222; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.9em; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }}
mark {{ background: #ffe066; font-weight: bold; }}
.source {{ margin: 0.6em 0; padding: 0.4em 0.8em; border-left: 4px solid #888; background: #f7f7f7; }}
.source:target {{ border-left-color: #d9480f; background: #fff4e6; }}
.where {{ color: #666; font-size: 0.85em; }}
"""


def _layout(figure: go.Figure, title: str) -> go.Figure:
    figure.update_layout(title=title, font={"family": FONT_STACK}, height=420, margin={"l": 60, "r": 20, "t": 60, "b": 120})
    return figure


def _status_by_region_year(con) -> go.Figure | None:
    rows = query_rows(con, """
        select t.region, t.plan_year as year,
               count(*) filter (where c.is_met) as met,
               count(*) filter (where not c.is_met) as missed,
               count(*) filter (where c.target_id is null) as not_reported
        from marts.targets t left join marts.completion_rates c using (target_id)
        where not t.is_long_term and t.region is not null and t.plan_year is not null
        group by all order by t.region, year""")
    if not rows:
        return None
    labels = [f"{row['region']} {row['year']}" for row in rows]
    figure = go.Figure([go.Bar(name=name, x=labels, y=[row[key] for row in rows], marker_color=color)
                        for name, key, color in (("met", "met", "#2b8a3e"), ("missed", "missed", "#c92a2a"),
                                                 ("not yet reported", "not_reported", "#adb5bd"))])
    figure.update_layout(barmode="stack", yaxis_title="targets")
    return _layout(figure, "Targets met, missed and not yet reported, per region and year")


def _rates_by_indicator(con) -> go.Figure | None:
    rows = query_rows(con, """
        select region, indicator, completion_rate, is_met, rate_basis, actual_value, target_value, unit
        from marts.completion_rates where target_value is not null and target_value <> 0
        order by region, indicator""")
    if not rows:
        return None
    figure = go.Figure()
    for region in sorted({row["region"] for row in rows}):
        for ceiling in (False, True):
            chosen = [row for row in rows if row["region"] == region and (row["rate_basis"] == "ceiling") == ceiling]
            if not chosen:
                continue
            # A ceiling has no completion rate; it is drawn at actual / ceiling, as its own series.
            figure.add_trace(go.Scatter(
                name=f"{region}{' (ceilings: lower is better)' if ceiling else ''}",
                x=[row["indicator"] for row in chosen],
                y=[row["completion_rate"] if row["completion_rate"] is not None else row["actual_value"] / row["target_value"]
                   for row in chosen],
                mode="markers", marker={"symbol": "triangle-down" if ceiling else "circle", "size": 9},
                text=[f"{row['actual_value']:g} / {row['target_value']:g} {row['unit']}, "
                      f"{'met' if row['is_met'] else 'missed'}{' (ceiling)' if ceiling else ''}" for row in chosen],
                hovertemplate="%{x}: %{y:.0%}<br>%{text}<extra></extra>"))
    figure.add_hline(y=1.0, line_dash="dash", annotation_text="100 %")
    figure.update_layout(yaxis_title="actual / target", yaxis_tickformat=".0%")
    return _layout(figure, "Completion rate per indicator and region (ceilings drawn as triangles)")


def _over_the_years(con) -> list[go.Figure]:
    figures = []
    regions = [row["region"] for row in query_rows(con, """
        select region from marts.completion_rates group by region having count(distinct year) >= 2 order by region""")]
    for region in regions:
        figure = go.Figure()
        for indicator in HEADLINE_INDICATORS:
            rows = query_rows(con, """select year, target_value, target_value_high, actual_value, comparator
                                 from marts.completion_rates where region = ? and indicator = ? and measure_type = 'growth_rate'
                                 order by year""", [region, indicator])
            if len(rows) < 2:
                continue
            years = [row["year"] for row in rows]
            highs = [row["target_value_high"] if row["target_value_high"] is not None else row["target_value"] for row in rows]
            figure.add_trace(go.Scatter(x=years + years[::-1], y=highs + [row["target_value"] for row in rows][::-1],
                                        fill="toself", opacity=0.2, line={"width": 0}, name=f"{indicator} target band",
                                        hoverinfo="skip"))
            figure.add_trace(go.Scatter(x=years, y=[row["target_value"] for row in rows], mode="lines+markers",
                                        line={"dash": "dot"}, name=f"{indicator} target",
                                        text=[row["comparator"] for row in rows]))
            figure.add_trace(go.Scatter(x=years, y=[row["actual_value"] for row in rows], mode="lines+markers",
                                        name=f"{indicator} actual"))
        if figure.data:
            figure.update_layout(xaxis_title="year", yaxis_title="%")
            figures.append(_layout(figure, f"{region}: target and actual over the years (growth, %)"))
    return figures


def _findings_by_check(con) -> go.Figure | None:
    rows = query_rows(con, "select check_name, severity, count(*) as n from marts.dq_findings group by all order by check_name")
    if not rows:
        return None
    colors = {"error": "#c92a2a", "warn": "#f08c00", "info": "#1c7ed6"}
    figure = go.Figure([go.Bar(name=severity, x=[r["check_name"] for r in rows if r["severity"] == severity],
                               y=[r["n"] for r in rows if r["severity"] == severity], marker_color=colors[severity])
                        for severity in ("error", "warn", "info") if any(r["severity"] == severity for r in rows)])
    figure.update_layout(barmode="stack", yaxis_title="findings")
    return _layout(figure, "Data-quality findings by check and severity")


def _source_block(con, anchor: str, document_id: str, start: int, end: int) -> str:
    source = source_of(con, document_id, start, end)
    return (f'<div class="source" id="{anchor}">{html.escape(source.before)}<mark>{html.escape(source.figure)}</mark>'
            f'{html.escape(source.after)}<div class="where">{html.escape(source.where())}</div></div>')


def write_report(snapshot: Path, out: Path) -> dict[str, int]:
    """Write the page; returns how many charts, pairs and findings it shows."""
    with published_marts(snapshot) as con:
        charts = [figure for figure in (_status_by_region_year(con), _rates_by_indicator(con), *_over_the_years(con),
                                        _findings_by_check(con)) if figure is not None]
        parts = [pio.to_html(figure, full_html=False, include_plotlyjs=(k == 0), div_id=f"chart-{k}")
                 for k, figure in enumerate(charts)]
        pairs = query_rows(con, "select * from marts.completion_rates order by region, year, indicator")
        rows, sources = [], []
        for k, pair in enumerate(pairs):
            rate = "" if pair["completion_rate"] is None else f"{pair['completion_rate']:.1%}"
            rows.append(f"<tr><td>{html.escape(pair['region'])}</td><td>{pair['year']}</td>"
                        f"<td>{html.escape(pair['indicator'])}</td>"
                        f"<td><a href='#target-{k}'>{html.escape(pair['comparator'])} {pair['target_value']:g}</a></td>"
                        f"<td><a href='#actual-{k}'>{pair['actual_value']:g}</a></td><td>{html.escape(pair['unit'])}</td>"
                        f"<td>{rate}</td><td>{'met' if pair['is_met'] else 'missed'}</td></tr>")
            sources.append(_source_block(con, f"target-{k}", pair["target_document_id"], pair["target_char_start"],
                                         pair["target_char_end"]))
            sources.append(_source_block(con, f"actual-{k}", pair["actual_document_id"], pair["actual_char_start"],
                                         pair["actual_char_end"]))
        findings = query_rows(con, "select * from marts.dq_findings where document_id is not null and char_start is not null "
                              "order by case severity when 'error' then 0 when 'warn' then 1 else 2 end, check_name")
        finding_rows = []
        for k, finding in enumerate(findings):
            finding_rows.append(f"<tr><td>{finding['severity']}</td><td>{html.escape(finding['check_name'])}</td>"
                                f"<td>{html.escape(finding['detail'] or '')}</td>"
                                f"<td><a href='#finding-{k}'>sentence</a></td></tr>")
            sources.append(_source_block(con, f"finding-{k}", finding["document_id"], finding["char_start"],
                                         finding["char_end"]))
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Government targets: what was promised, what was delivered</title>
<style>{_STYLE}</style></head><body>
<h1>What was promised, what was delivered</h1>
<p class="where">From {html.escape(str(snapshot))}. Every figure in the tables links to its sentence, the number marked.</p>
{''.join(f'<section class="chart">{part}</section>' for part in parts)}
<h2>Targets with their actuals</h2>
<table><thead><tr><th>region</th><th>year</th><th>indicator</th><th>target</th><th>actual</th><th>unit</th>
<th>completion</th><th>verdict</th></tr></thead><tbody>{''.join(rows)}</tbody></table>
<h2>Data-quality findings</h2>
<table><thead><tr><th>severity</th><th>check</th><th>detail</th><th></th></tr></thead><tbody>{''.join(finding_rows)}</tbody></table>
<h2>Sources</h2>
{''.join(sources)}
</body></html>"""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return {"charts": len(charts), "pairs": len(pairs), "findings": len(findings)}
