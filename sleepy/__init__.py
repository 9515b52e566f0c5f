"""sleepy-coder: a local coding agent that learns from its own mistakes while it sleeps.

This package's names are the plugin API (docs/plugin-hooks.md, "The plugin API"): a plugin imports
from `sleepy` only, so the modules behind these names may move without breaking plugins.
"""

from sleepy.adapters import AdapterInfo, AdapterRecord, AdapterRegistry, InvalidAdapter, validate_adapter
from sleepy.adapters.validation import CONFIG_FILE, METADATA_FILE, WEIGHTS_FILE
from sleepy.agent.replies import EditBlock, FencedBlock, edit_blocks, fenced_blocks
from sleepy.agent.tools import ToolOutcome, Workspace
from sleepy.cli.app import run_dir_option
from sleepy.config import StrategyRef, option, without_neutral_defaults
from sleepy.consolidation import TrainingRequest, TrainingResult
from sleepy.errors import BackendError, ConfigError, SleepyError
from sleepy.events import EpisodeEvent, PhaseProgress, RunInfo
from sleepy.fileio import write_atomically
from sleepy.gating import GateInput, GateResult, PairedOutcomes
from sleepy.hookspecs import hookimpl
from sleepy.protocols import (
    AdapterBackend,
    Backend,
    Consolidator,
    Gate,
    HeldAdapters,
    Reporter,
    Router,
    TaskSource,
    Tool,
)
from sleepy.records import (
    TASK_SPLITS,
    Completion,
    CompletionRequest,
    Message,
    ProjectSpec,
    SamplingParams,
    Split,
    Task,
    ToolCall,
)
from sleepy.registry import NoOptions, Registrar, StrategyKind
from sleepy.routing.routes import ROUTES_FILE, Route, RouteTable, read_routes, write_routes
from sleepy.run_dir import RunDirectory
from sleepy.sandbox.isolation import IsolationLevel, IsolationUnavailable
from sleepy.sandbox.limits import AttemptBudget, ProcessLimits
from sleepy.sandbox.project import (
    BinaryRun,
    BuildCache,
    BuildCacheError,
    CargoProject,
    CargoTestCase,
    CargoUnit,
    CaseOutcome,
    ProjectError,
    ProjectLimits,
    ProjectRun,
    ProjectSandbox,
    TestSelection,
)
from sleepy.sandbox.result import Outcome
from sleepy.sandbox.toolchain import ToolchainError

__all__ = [
    "CONFIG_FILE",
    "METADATA_FILE",
    "ROUTES_FILE",
    "TASK_SPLITS",
    "WEIGHTS_FILE",
    "AdapterBackend",
    "AdapterInfo",
    "AdapterRecord",
    "AdapterRegistry",
    "AttemptBudget",
    "Backend",
    "BackendError",
    "BinaryRun",
    "BuildCache",
    "BuildCacheError",
    "CargoProject",
    "CargoTestCase",
    "CargoUnit",
    "CaseOutcome",
    "Completion",
    "CompletionRequest",
    "ConfigError",
    "Consolidator",
    "EditBlock",
    "EpisodeEvent",
    "FencedBlock",
    "Gate",
    "GateInput",
    "GateResult",
    "HeldAdapters",
    "InvalidAdapter",
    "IsolationLevel",
    "IsolationUnavailable",
    "Message",
    "NoOptions",
    "Outcome",
    "PairedOutcomes",
    "PhaseProgress",
    "ProcessLimits",
    "ProjectError",
    "ProjectLimits",
    "ProjectRun",
    "ProjectSandbox",
    "ProjectSpec",
    "Registrar",
    "Reporter",
    "Route",
    "RouteTable",
    "Router",
    "RunDirectory",
    "RunInfo",
    "SamplingParams",
    "SleepyError",
    "Split",
    "StrategyKind",
    "StrategyRef",
    "Task",
    "TaskSource",
    "TestSelection",
    "Tool",
    "ToolCall",
    "ToolOutcome",
    "ToolchainError",
    "TrainingRequest",
    "TrainingResult",
    "Workspace",
    "edit_blocks",
    "fenced_blocks",
    "hookimpl",
    "option",
    "read_routes",
    "run_dir_option",
    "validate_adapter",
    "without_neutral_defaults",
    "write_atomically",
    "write_routes",
]
