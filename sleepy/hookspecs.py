"""Hook specifications. Hooks register named strategies or observe events; objects do the work.

Every spec is called with keyword arguments only. Specs grow only by adding arguments, which
existing implementations may ignore (pluggy passes each implementation the subset it names).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import click

    from sleepy.events import EpisodeEvent, PhaseProgress, RunInfo
    from sleepy.protocols import Backend, Consolidator, Gate, Reporter, Router, TaskSource, Tool
    from sleepy.records import Task
    from sleepy.registry import Registrar

hookspec = pluggy.HookspecMarker("sleepy")
hookimpl = pluggy.HookimplMarker("sleepy")


@hookspec
def sleepy_register_backends(register: Registrar[Backend]) -> None:
    """Register model backends (in-process transformers, Ollama, vLLM, scripted, ...).

    Fires once per plugin each time the registry is collected, before any config is resolved.
    Must be cheap: no I/O, no model loading.

    :param register: call ``register.add(name, factory, options=Options, description=...)``;
        ``factory(options)`` returns a ``sleepy.Backend`` (a ``sleepy.AdapterBackend`` to run adapters).
    """


@hookspec
def sleepy_register_tools(register: Registrar[Tool]) -> None:
    """Register agent tools (edit, patch, write, run, search, ...).

    Fires once per plugin each time the registry is collected.

    :param register: ``register.add(name, factory, ...)``; the factory returns a ``Tool``.
    """


@hookspec
def sleepy_register_task_sources(register: Registrar[TaskSource]) -> None:
    """Register task sources (koans, real repositories, ...).

    Fires once per plugin each time the registry is collected.

    :param register: ``register.add(name, factory, ...)``; the factory returns a ``TaskSource``.
    """


@hookspec
def sleepy_register_consolidators(register: Registrar[Consolidator]) -> None:
    """Register sleep strategies (LoRA, Share, UWSH, O-LoRA, ...).

    Fires once per plugin each time the registry is collected.

    :param register: ``register.add(name, factory, ...)``; the factory returns a ``Consolidator``.
    """


@hookspec
def sleepy_register_gates(register: Registrar[Gate]) -> None:
    """Register promotion gates (no_regression, heldout_improvement, ...).

    Fires once per plugin each time the registry is collected.

    :param register: ``register.add(name, factory, ...)``; the factory returns a ``Gate``.
    """


@hookspec
def sleepy_register_routers(register: Registrar[Router]) -> None:
    """Register routers: which of an adapter's routes (per-family, per-repository adapters) serves a task.

    Fires once per plugin each time the registry is collected.

    :param register: ``register.add(name, factory, ...)``; the factory returns a ``Router``.
    """


@hookspec
def sleepy_register_reporters(register: Registrar[Reporter]) -> None:
    """Register reporters: output sinks that observe run events and are chosen by name in config.

    Fires once per plugin each time the registry is collected. A built reporter is registered
    with the plugin manager for the run, so it implements observer hooks directly.

    :param register: ``register.add(name, factory, ...)``; the factory returns a ``Reporter``.
    """


@hookspec
def sleepy_register_commands(cli: click.Group) -> None:
    """Add commands to the ``sleepy`` command line.

    Fires once when the CLI is built, after the plugin manager is created and before arguments
    are parsed.

    :param cli: the top-level click group; call ``cli.add_command(...)`` or use ``@cli.command()``.
        Its groups are built with it, so adding to one (``cli.commands["export"].add_command(...)``)
        changes this CLI only.
    """


@hookspec
def sleepy_run_started(run: RunInfo) -> None:
    """A command began working on a run directory.

    Fires after the run's config snapshot and seeds are written, before any phase starts.

    :param run: the run's id, directory, command, config hash and seed.
    """


@hookspec
def sleepy_run_finished(run: RunInfo, status: str) -> None:
    """A command finished working on a run directory.

    Fires last, also after a failure.

    :param run: the run.
    :param status: ``"ok"``, ``"failed"`` or ``"interrupted"``.
    """


@hookspec
def sleepy_cycle_started(run: RunInfo, cycle: int) -> None:
    """A day, sleep, gate cycle begins.

    :param run: the run.
    :param cycle: the cycle number; 0 measures the base model.
    """


@hookspec
def sleepy_cycle_finished(run: RunInfo, cycle: int, summary: dict[str, Any]) -> None:
    """A cycle ended (after the gate decision and the report).

    :param run: the run.
    :param cycle: the cycle number.
    :param summary: headline metrics of the cycle (pass rates, decision).
    """


@hookspec
def sleepy_phase_progress(run: RunInfo, progress: PhaseProgress) -> None:
    """A long phase made progress; reporters draw progress bars from this.

    Fires once with ``done=0`` when a phase starts, after each unit of work, and once more when
    it ends with ``done == total``.

    :param run: the run.
    :param progress: the phase name, units done and total, and free-form figures (passes,
        failures, tokens/s, loss).
    """


@hookspec
def sleepy_episode_started(run: RunInfo, task: Task, attempt_idx: int) -> None:
    """The agent starts an attempt at a task.

    :param run: the run.
    :param task: the task.
    :param attempt_idx: 0 for the first attempt at this task in this run, then 1, 2, ...
    """


@hookspec
def sleepy_episode_finished(run: RunInfo, episode: EpisodeEvent) -> None:
    """An attempt ended and is committed to the episode store.

    Fires after the episode and all its steps were written in one transaction.

    :param run: the run.
    :param episode: outcome, steps, error signature and timings of the attempt.
    """
