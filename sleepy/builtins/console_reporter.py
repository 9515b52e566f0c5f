"""The `console` reporter: progress bars and a line per finished phase, on stderr."""

from __future__ import annotations

from attrs import frozen
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from sleepy.config import option
from sleepy.events import EpisodeEvent, PhaseProgress, RunInfo
from sleepy.hookspecs import hookimpl
from sleepy.protocols import Reporter
from sleepy.registry import Registrar


@frozen
class ConsoleOptions:
    """Options of the `console` reporter."""

    episodes: bool = option("Print one line per finished episode.", default=False)


class ConsoleReporter:
    """Draws a progress bar per phase from `sleepy_phase_progress` events."""

    def __init__(self, options: ConsoleOptions, console: Console | None = None) -> None:
        self.options = options
        self.console = console or Console(stderr=True)
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}

    def _bar(self) -> Progress:
        if self._progress is None:
            self._progress = Progress(
                TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[info]}"), TimeElapsedColumn(), console=self.console, transient=False,
            )
            self._progress.start()
        return self._progress

    @hookimpl
    def sleepy_phase_progress(self, run: RunInfo, progress: PhaseProgress) -> None:
        bar = self._bar()
        info = "  ".join(f"{k}={v}" for k, v in progress.info.items())
        if progress.phase not in self._tasks:
            self._tasks[progress.phase] = bar.add_task(progress.phase, total=progress.total, info=info)
        bar.update(self._tasks[progress.phase], completed=progress.done, total=progress.total, info=info)
        if progress.total is not None and progress.done >= progress.total:
            self._tasks.pop(progress.phase)

    @hookimpl
    def sleepy_episode_finished(self, run: RunInfo, episode: EpisodeEvent) -> None:
        if self.options.episodes:
            mark = "PASS" if episode.passed else episode.outcome.upper()
            self.console.print(f"{mark:>18} {episode.task_id} steps={episode.steps} {episode.error_signature or ''}")

    @hookimpl
    def sleepy_run_finished(self, run: RunInfo, status: str) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


@hookimpl
def sleepy_register_reporters(register: Registrar[Reporter]) -> None:
    register.add("console", ConsoleReporter, options=ConsoleOptions,
                 description="Progress bars and per-episode lines on stderr.")
