"""Tables flattened to text: completion tables and target-vs-actual tables.

A completion table (重点工作完成情况表) arrives as tab-indented lines, one cell per line:
a row number line, then the goal, task and completion cells; an empty goal cell (a lone
tab) repeats the goal of the row above. A target-vs-actual table of a plan-execution
report (指标名称 / 目标 / 实际) arrives as one cell per line after its header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROW_NUMBER = re.compile(r"^\t(\d{1,4})\s*$")
_CHAPTER = re.compile(r"^\t((?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）).*)$")
_HEADER_NAMES = {
    "number": ("序号", "编号"),
    "goal": ("工作目标", "目标"),
    "task": ("工作任务", "目标任务", "重点任务", "任务"),
    "completion": ("完成情况", "进展情况", "执行情况", "落实情况"),
}


@dataclass(frozen=True)
class Cell:
    text: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class CompletionRow:
    row_number: int
    chapter: str
    goal: str
    goal_inherited: bool
    task: Cell
    completion: Cell
    char_start: int
    char_end: int


def _cell_lines(text: str) -> list[tuple[str, int]]:
    """Every line with its offset."""
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((line, offset))
        offset += len(line) + 1
    return lines


def _column_order(lines: list[tuple[str, int]]) -> list[str]:
    """Column roles from the header row; the common 序号/工作目标/工作任务/完成情况 when there is none."""
    header: list[str] = []
    for line, _ in lines[:40]:
        cell = line.strip()
        role = next((r for r, names in _HEADER_NAMES.items() if cell in names), None)
        if role:
            header.append(role)
        elif header:
            break
    return header if {"task", "completion"} <= set(header) else ["number", "goal", "task", "completion"]


def is_completion_table(text: str) -> bool:
    rows = sum(1 for line, _ in _cell_lines(text) if _ROW_NUMBER.match(line))
    return rows >= 3 and "完成情况" in text[:400]


def parse_completion_table(text: str) -> list[CompletionRow]:
    lines = _cell_lines(text)
    roles = [r for r in _column_order(lines) if r != "number"]
    rows: list[CompletionRow] = []
    chapter = ""
    previous_goal = ""
    i = 0
    while i < len(lines):
        line, offset = lines[i]
        chapter_match = _CHAPTER.match(line)
        if chapter_match:
            chapter = chapter_match.group(1).strip()
            previous_goal = ""
            i += 1
            continue
        number_match = _ROW_NUMBER.match(line)
        if not number_match:
            i += 1
            continue
        cells: list[Cell] = []
        j = i + 1
        while j < len(lines) and lines[j][0].startswith("\t") and not _ROW_NUMBER.match(lines[j][0]) \
                and not _CHAPTER.match(lines[j][0]):
            cell_line, cell_offset = lines[j]
            body = cell_line[1:]
            cells.append(Cell(body.strip(), cell_offset + 1, cell_offset + 1 + len(body.rstrip())))
            j += 1
        by_role = dict(zip(roles, cells))
        # A row missing its goal cell altogether shifts left: task and completion are the last two.
        if len(cells) == len(roles) - 1 and "goal" in roles:
            by_role = dict(zip([r for r in roles if r != "goal"], cells))
        if "task" in by_role and "completion" in by_role:
            goal_cell = by_role.get("goal")
            goal = goal_cell.text if goal_cell and goal_cell.text else previous_goal
            rows.append(
                CompletionRow(
                    row_number=int(number_match.group(1)),
                    chapter=chapter,
                    goal=goal,
                    goal_inherited=not (goal_cell and goal_cell.text),
                    task=by_role["task"],
                    completion=by_role["completion"],
                    char_start=offset + 1,
                    char_end=cells[-1].char_end,
                )
            )
            previous_goal = goal
        i = j
    return rows


# --- target-vs-actual tables -------------------------------------------------------------

_TARGET_HEADERS = ("目标", "预期目标", "计划目标", "年度目标", "计划")
_ACTUAL_HEADERS = ("实际", "完成", "实际完成", "执行情况", "完成情况", "预计完成", "实绩")
_NAME_HEADERS = ("指标名称", "指标", "项目")
_UNIT_HEADERS = ("单位", "计量单位")


@dataclass(frozen=True)
class TargetTableRow:
    indicator: Cell
    unit: str
    target: Cell
    actual: Cell
    row_index: int
    char_start: int
    char_end: int


def parse_target_tables(text: str) -> list[TargetTableRow]:
    """Rows of every 指标名称/目标/实际 table flattened to one cell per line."""
    lines = [(line.strip(), offset + (len(line) - len(line.lstrip()))) for line, offset in _cell_lines(text)]
    lines = [(cell, offset) for cell, offset in lines if cell]
    rows: list[TargetTableRow] = []
    i = 0
    while i < len(lines):
        header = _target_header(lines, i)
        if not header:
            i += 1
            continue
        roles, width = header
        j = i + width
        row_index = 0
        while j + width <= len(lines):
            cells = [Cell(c, o, o + len(c)) for c, o in lines[j : j + width]]
            by_role = dict(zip(roles, cells))
            name = by_role["name"].text
            if len(name) > 30 or not re.search(r"\d", by_role["target"].text + by_role["actual"].text):
                break
            row_index += 1
            rows.append(
                TargetTableRow(
                    indicator=by_role["name"],
                    unit=by_role["unit"].text if "unit" in by_role else "",
                    target=by_role["target"],
                    actual=by_role["actual"],
                    row_index=row_index,
                    char_start=cells[0].char_start,
                    char_end=cells[-1].char_end,
                )
            )
            j += width
        i = max(j, i + 1)
    return rows


def _target_header(lines: list[tuple[str, int]], i: int) -> tuple[list[str], int] | None:
    roles: list[str] = []
    for cell, _ in lines[i : i + 6]:
        if cell in _NAME_HEADERS and not roles:
            roles.append("name")
        elif roles and cell in _UNIT_HEADERS:
            roles.append("unit")
        elif roles and cell in _TARGET_HEADERS and "target" not in roles:
            roles.append("target")
        elif roles and cell in _ACTUAL_HEADERS and "actual" not in roles:
            roles.append("actual")
        else:
            break
    if roles[:1] == ["name"] and {"target", "actual"} <= set(roles):
        return roles, len(roles)
    return None
