"""Answers from the published marts for `warehouse status` and `warehouse explain`: what the
warehouse holds, and where a target, an actual or a finding comes from."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import duckdb
from rich.console import Console
from rich.table import Table
from rich.text import Text

# Characters of the document shown on each side of a figure, at most, when no sentence end is nearer.
CONTEXT_CHARS = 80
_SENTENCE_ENDS = "。！？；\n"
# Rows of a status table (documents by kind and region, rejected files) shown before it is summed
# up: a status of thousands of reports stays a screen, and the marts hold every row.
STATUS_ROWS = 40
# How a comparator of parsers/qualifiers.py reads.
COMPARATOR_WORDS = {
    ">=": "≥ (at least: 以上, 不低于)",
    ">": "> (more than: 超过)",
    "<=": "≤ (at most: 以内, 不超过)",
    "<": "< (less than: 低于)",
    "~": "≈ (about: 左右)",
    "=": "=",
    "between": "between",
}


class NotPublishedError(RuntimeError):
    """There is no published snapshot to read."""


class UnknownIdError(LookupError):
    """No target, actual or finding has the id."""


@contextmanager
def published_marts(snapshot: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The published snapshot, read-only: a reader never holds the lock a build needs."""
    if not snapshot.exists():
        raise NotPublishedError(f"no published warehouse at {snapshot}; run `warehouse build` first")
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        yield con
    finally:
        con.close()


def query_rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _table(title: str, columns: list[str], rows: list[tuple]) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    for k, column in enumerate(columns):
        numeric = all(isinstance(row[k], int) for row in rows if row[k] is not None)
        table.add_column(column, justify="right" if numeric and rows else "left")
    for row in rows:
        table.add_row(*("" if cell is None else str(cell) for cell in row))
    return table


def status(snapshot: Path, console: Console) -> None:
    """What the published warehouse holds, when it was published, and the files it rejected."""
    published_at = dt.datetime.fromtimestamp(snapshot.stat().st_mtime) if snapshot.exists() else None
    with published_marts(snapshot) as con:
        one = lambda sql: con.execute(sql).fetchone()  # noqa: E731
        by_status = dict(con.execute("select status, count(*) from marts.report_files group by status").fetchall())
        console.print(f"Published warehouse: {snapshot}")
        console.print(f"  published by the last build at {published_at:%Y-%m-%d %H:%M}")
        loaded, rejected = by_status.get("loaded", 0), by_status.get("rejected", 0)
        targets, actuals = one("select (select count(*) from marts.targets), (select count(*) from marts.actuals)")
        pairs, met, missed, unknown = one(
            "select count(*), count(*) filter (where is_met), count(*) filter (where not is_met), "
            "count(*) filter (where is_met is null) from marts.completion_rates")
        unpaired = one("select count(*) from marts.targets t where not t.is_long_term and not exists "
                       "(select 1 from marts.completion_rates c where c.target_id = t.target_id)")[0]
        console.print(_table("Contents", ["what", "count"], [
            ("files loaded", loaded), ("files rejected", rejected),
            ("documents", one("select count(*) from marts.documents")[0]),
            ("targets", targets), ("actuals", actuals),
            ("targets paired with an actual", pairs), ("  met", met), ("  missed", missed),
            ("  no verdict", unknown), ("targets not yet reported (not paired, not long-term)", unpaired),
        ]))
        by_region = query_rows(con, """
            select document_kind, coalesce(region, '(unknown)') as region, count(*) as documents,
                   sum(target_count) as targets, sum(actual_count) as actuals
            from marts.documents group by all order by document_kind, region""")
        if len(by_region) <= STATUS_ROWS:
            console.print(_table("Documents by kind and region", ["kind", "region", "documents", "targets", "actuals"],
                                 [tuple(row.values()) for row in by_region]))
        else:
            console.print(_table("Documents by kind", ["kind", "regions", "documents", "targets", "actuals"], [
                tuple(row.values()) for row in query_rows(con, """
                    select document_kind, count(distinct region) as regions, count(*) as documents,
                           sum(target_count) as targets, sum(actual_count) as actuals
                    from marts.documents group by all order by document_kind""")]))
            console.print(f"  {len(by_region)} kinds and regions: marts.documents has them, "
                          "`warehouse export --region …` one region's figures")
        console.print(_table("Data-quality findings", ["severity", "check", "findings"], [
            tuple(row.values()) for row in query_rows(con, """
                select severity, check_name, count(*) as findings from marts.dq_findings
                group by severity, check_name
                order by case severity when 'error' then 0 when 'warn' then 1 else 2 end, check_name""")]))
        rejected_files = query_rows(con, "select display_name, stage, reason from marts.report_files "
                                    "where status = 'rejected' order by file_name")
        if rejected_files:
            # A line each: a reason is a sentence, too long for a table's cell.
            console.print("Rejected files (file (stage): reason)")
            for row in rejected_files[:STATUS_ROWS]:
                console.print(f"  {row['display_name']} ({row['stage']}): {row['reason']}")
            if len(rejected_files) > STATUS_ROWS:
                console.print(f"  … and {len(rejected_files) - STATUS_ROWS} more: marts.report_files lists them all")
        else:
            console.print("No file was rejected.")


@dataclass(frozen=True)
class Source:
    """Where a figure stands: its document, its span, and the words around it."""
    document_id: str
    title: str
    file_name: str
    char_start: int
    char_end: int
    page: int | None
    before: str
    figure: str
    after: str

    def marked(self) -> Text:
        """The sentence with the figure marked 【like this】 (and in reverse video on a terminal)."""
        return Text.assemble(self.before, ("【" + self.figure + "】", "bold reverse"), self.after)

    def where(self) -> str:
        page = f", page {self.page}" if self.page else ""
        return f"{self.file_name} (document {self.document_id}{page}), characters {self.char_start}–{self.char_end}"


def source_of(con: duckdb.DuckDBPyConnection, document_id: str, start: int, end: int, page: int | None = None) -> Source:
    row = con.execute("select title, file_name, normalized_text from marts.documents where document_id = ?",
                      [document_id]).fetchone()
    title, file_name, text = row
    left = max(text.rfind(mark, max(0, start - CONTEXT_CHARS), start) for mark in _SENTENCE_ENDS)
    left = left + 1 if left >= 0 else max(0, start - CONTEXT_CHARS)
    rights = [i for i in (text.find(mark, end, end + CONTEXT_CHARS) for mark in _SENTENCE_ENDS) if i >= 0]
    right = min(rights) + 1 if rights else min(len(text), end + CONTEXT_CHARS)
    return Source(document_id, title, file_name, start, end, page,
                  text[left:start].lstrip(), text[start:end], text[end:right].rstrip("\n"))


def _number(x: float) -> str:
    """A value as a reader writes it: 66000000000, 1238.07, 5.5 (no float noise, no exponent)."""
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else f"{x:.10g}"


def _value(value, value_high, unit: str, comparator: str | None) -> str:
    shown = f"{_number(value)}–{_number(value_high)}" if value_high is not None else _number(value)
    return f"{COMPARATOR_WORDS.get(comparator or '', comparator or '')} {shown} {unit}".strip()


def explain(snapshot: Path, console: Console, figure_id: str | None = None, *, region: str | None = None,
            year: int | None = None, indicator: str | None = None) -> None:
    """A target with its comparator and unit, the actual(s) it was paired with and how, the rate
    and the verdict, both source sentences marked; or an actual with the targets it answers; or
    a finding with its sentence."""
    with published_marts(snapshot) as con:
        if figure_id is None:
            ids = [row["target_id"] for row in query_rows(con, """
                select distinct target_id from marts.completion_rates
                where region = ? and year = ? and indicator like '%' || ? || '%' order by target_id""",
                [region, year, indicator])]
            if not ids:  # a target not yet reported on is explained too
                ids = [row["target_id"] for row in query_rows(con, """
                    select target_id from marts.targets
                    where region = ? and plan_year = ? and indicator like '%' || ? || '%' order by target_id""",
                    [region, year, indicator])]
            if not ids:
                raise UnknownIdError(f"no target for region {region}, year {year}, indicator like {indicator!r}")
            for target_id in ids:
                _explain_target(con, console, target_id)
            return
        if query_rows(con, "select 1 from marts.targets where target_id = ?", [figure_id]):
            _explain_target(con, console, figure_id)
        elif query_rows(con, "select 1 from marts.actuals where actual_id = ?", [figure_id]):
            _explain_actual(con, console, figure_id)
        elif query_rows(con, "select 1 from marts.dq_findings where finding_id = ?", [figure_id]):
            _explain_finding(con, console, figure_id)
        else:
            raise UnknownIdError(f"{figure_id} is not the id of a target, an actual or a finding in {snapshot}")


def _print_source(console: Console, label: str, source: Source) -> None:
    console.print(f"  {label}: {source.where()}")
    console.print(Text("    ") + source.marked())


def _explain_target(con: duckdb.DuckDBPyConnection, console: Console, target_id: str) -> None:
    (target,) = query_rows(con, "select * from marts.targets where target_id = ?", [target_id])
    console.rule(f"Target {target_id}")
    console.print(f"  {target['region']} {target['plan_year']}: {target['indicator']} "
                  f"({target['measure_type']}, {target['direction'].replace('_', ' ')})")
    written = f" (written {_number(target['value_raw'])} {target['unit_raw']})" if target["unit_raw"] != target["unit"] else ""
    console.print(f"  promised: {_value(target['value'], target['value_high'], target['unit'], target['comparator'])}"
                  f"{written}")
    _print_source(console, "stated in", source_of(con, target["document_id"], target["char_start"],
                                                target["char_end"], target["page"]))
    pairs = query_rows(con, "select * from marts.completion_rates where target_id = ? order by actual_id", [target_id])
    if not pairs:
        console.print("  not paired with an actual: no later report or completion table states it yet"
                      + (" (a long-term goal)" if target["is_long_term"] else ""))
        return
    for pair in pairs:
        actual_ids = pair["actual_ids"].split(",")
        how = {"completion_table_row": "the same row of a completion table",
               "target_table_row": "the same row of a target-vs-actual table",
               "cross_document": "the same indicator in a document reporting on that year"}.get(pair["pairing_method"],
                                                                                       pair["pairing_method"])
        parts = f", the sum of {len(actual_ids)} parts" if len(actual_ids) > 1 else ""
        console.print(f"  delivered: {_number(pair['actual_value'])} {pair['unit']}"
                      f"{' (an estimate)' if pair['is_estimate'] else ''}, paired by {how}{parts}")
        for actual_id in actual_ids:
            (actual,) = query_rows(con, "select * from marts.actuals where actual_id = ?", [actual_id])
            _print_source(console, f"actual {actual_id}", source_of(con, actual["document_id"], actual["char_start"],
                                                                  actual["char_end"], actual["page"]))
        rate = "n/a" if pair["completion_rate"] is None else f"{pair['completion_rate']:.1%}"
        verdict = {True: "MET", False: "MISSED", None: "no verdict"}[pair["is_met"]]
        gap = "" if pair["gap"] is None else f", gap {'+' if pair['gap'] >= 0 else ''}{_number(pair['gap'])} {pair['gap_unit']}"
        console.print(f"  completion rate {rate} (actual over {pair['rate_basis']}), {verdict}{gap}")


def _explain_actual(con: duckdb.DuckDBPyConnection, console: Console, actual_id: str) -> None:
    (actual,) = query_rows(con, "select * from marts.actuals where actual_id = ?", [actual_id])
    console.rule(f"Actual {actual_id}")
    console.print(f"  {actual['region']} {actual['year']}: {actual['indicator']} = {_number(actual['value_raw'])} "
                  f"{actual['unit_raw']}{' (an estimate)' if actual['is_estimate'] else ''}")
    _print_source(console, "stated in", source_of(con, actual["document_id"], actual["char_start"],
                                                actual["char_end"], actual["page"]))
    targets = query_rows(con, "select distinct target_id from marts.completion_rates "
                         "where list_contains(string_split(actual_ids, ','), ?) order by target_id", [actual_id])
    if not targets:
        console.print("  answers no target in the warehouse")
    for row in targets:
        _explain_target(con, console, row["target_id"])


def _explain_finding(con: duckdb.DuckDBPyConnection, console: Console, finding_id: str) -> None:
    (finding,) = query_rows(con, "select * from marts.dq_findings where finding_id = ?", [finding_id])
    console.rule(f"Finding {finding_id}")
    console.print(f"  {finding['severity']}: {finding['check_name']} — {finding['detail']}")
    console.print(f"  {finding['region'] or ''} {finding['year'] or ''} {finding['indicator'] or ''}".rstrip())
    if finding["document_id"] and finding["char_start"] is not None:
        _print_source(console, "in", source_of(con, finding["document_id"], finding["char_start"], finding["char_end"]))
