"""The errors sleepy-coder reports to people: one line each, never a bare traceback."""

from __future__ import annotations


class SleepyError(Exception):
    """Base of every error the CLI turns into a one-line message and an exit status."""

    exit_code = 1


class ConfigError(SleepyError):
    """A config file or a strategy's options are invalid; carries one line per problem."""

    exit_code = 2

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("\n".join(f"{source}: {p}" for p in problems))


class PluginLoadError(SleepyError):
    """A plugin could not be imported or registered."""


class PluginValidationError(SleepyError):
    """A plugin implements a hook that does not exist or takes arguments the spec lacks."""


class StrategyContractError(PluginValidationError):
    """A plugin registered a strategy that lacks a method of its kind's protocol (sleepy.protocols)."""


class DuplicateStrategyError(SleepyError):
    """Two plugins registered the same name for the same kind of strategy."""


class UnknownStrategyError(SleepyError):
    """Config names a strategy that no installed plugin registered."""

    exit_code = 2


class StoreError(SleepyError):
    """The episode database is missing, unreadable, not SQLite, or from a newer schema."""


class RunDirError(SleepyError):
    """A run directory is missing or not usable."""


class BackendError(SleepyError):
    """A model backend failed to answer (unreachable server, no reply queued, bad model)."""
