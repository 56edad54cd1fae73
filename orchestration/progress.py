"""The progress of a build as it happens: counts the assets report, and the bars `warehouse build` draws from them.

Dagster's events say when a step starts and ends and when a check is evaluated, but not how far a
step is: the files of a run are parsed inside one step, and dbt's models are reported when dbt
ends. The assets call `expect` and `advance`; outside a `listening` block (`dagster dev`) the
calls do nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import dagster as dg
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

FILES, DOCUMENTS, MODELS, CHECKS = "files read", "documents parsed", "dbt models", "checks"
STAGES = (FILES, DOCUMENTS, MODELS, CHECKS)

Listener = Callable[[str, int, int, str], None]  # stage, done, more expected, item
_listeners: list[Listener] = []


def expect(stage: str, count: int) -> None:
    """`count` more items of the stage are coming."""
    for listener in list(_listeners):
        listener(stage, 0, count, "")


def advance(stage: str, done: int = 1, item: str = "") -> None:
    """`done` items of the stage are finished; `item` names the last one."""
    for listener in list(_listeners):
        listener(stage, done, 0, item)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)


class BuildProgress:
    """A bar per stage with its count and elapsed time, on `console` (stderr): the log's warnings and
    errors are printed above the bars as they come, everything else goes to the build's log file."""

    def __init__(self, console: Console, checks: int):
        self.console = console
        self.bars = Progress(
            TextColumn("{task.description:<17}"), BarColumn(bar_width=30), MofNCompleteColumn(),
            TimeElapsedColumn(), TextColumn("{task.fields[item]}", markup=False),
            console=console, redirect_stdout=False, redirect_stderr=False,
        )
        # Every stage has its row from the start; its clock starts with its first item.
        self.tasks = {stage: self.bars.add_task(stage, total=0, start=False, item="") for stage in STAGES}
        self.bars.update(self.tasks[DOCUMENTS], total=None)  # known only once every file is parsed
        self.bars.update(self.tasks[CHECKS], total=checks)

    def __enter__(self) -> BuildProgress:
        self.bars.start()
        return self

    def __exit__(self, *exc) -> None:
        self._close_documents()
        self.bars.stop()

    def __call__(self, stage: str, done: int, more: int, item: str) -> None:
        task_id = self.tasks[stage]
        task = self.bars.tasks[task_id]
        if task.start_time is None:
            self.bars.start_task(task_id)
            if stage == FILES:
                self.bars.start_task(self.tasks[DOCUMENTS])
        if more:
            self.bars.update(task_id, total=(task.total or 0) + more)
        if done:
            self.bars.update(task_id, advance=done, item=item)
        if task.finished:
            self.bars.update(task_id, item="")
            if stage == FILES:
                self._close_documents()

    def _close_documents(self) -> None:
        documents = self.bars.tasks[self.tasks[DOCUMENTS]]
        self.bars.update(documents.id, total=documents.completed)

    def on_event(self, entry: dg.EventLogEntry) -> None:
        """instance.add_event_listener: checks as they are evaluated, and the log's warnings and errors."""
        event = entry.dagster_event
        if event is not None:
            if event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
                self(CHECKS, 1, 0, event.asset_check_evaluation_data.check_name)
            return
        if entry.level >= logging.WARNING:
            self.console.print(Text(entry.user_message))
