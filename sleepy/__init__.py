"""sleepy-coder: a local coding agent that learns from its own mistakes while it sleeps."""

from sleepy.config import StrategyRef, option
from sleepy.hookspecs import hookimpl
from sleepy.registry import NoOptions, Registrar, StrategyKind

__all__ = ["NoOptions", "Registrar", "StrategyKind", "StrategyRef", "hookimpl", "option"]
