"""The run configuration: attrs classes, one strict cattrs converter, YAML/TOML loading.

Strategies are referenced as ``{name: ..., options: {...}}``; their options are structured in a
second step (`resolve`) with the ``Options`` class the providing plugin registered. Every
problem becomes one line: ``config.yaml: $.backend.options.max_new_tokens: expected int, got 'many'``.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NewType, TypeVar

import attrs
import cattrs
import yaml
from attrs import field, frozen, validators
from cattrs.cols import is_sequence, list_structure_factory
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from sleepy.errors import ConfigError, UnknownStrategyError
from sleepy.records import TASK_SPLITS
from sleepy.registry import Registry, StrategyKind, StrategySpec

T = TypeVar("T")
HELP = "help"
NEUTRAL = "sleepy.neutral_default"  # see `option(neutral=True)`


def option(help: str, *, neutral: bool = False, **kwargs: Any) -> Any:
    """An attrs field with help text; `sleepy config explain` prints it.

    `neutral`: at its default the option does exactly what the code did before the option existed, so the
    config hash leaves it out there; a run started before it was added still resumes, and its cached
    evaluations still count.
    """
    metadata = dict(kwargs.pop("metadata", {}))
    metadata[HELP] = help
    if neutral:
        metadata[NEUTRAL] = True
    return field(metadata=metadata, **kwargs)


def without_neutral_defaults(options: Any, unstructured: dict[str, Any]) -> dict[str, Any]:
    """`unstructured` (the options as a dict) less the neutral options left at their defaults."""
    if not attrs.has(type(options)):
        return unstructured
    kept = dict(unstructured)
    for a in attrs.fields(type(options)):
        value = getattr(options, a.name)
        if a.metadata.get(NEUTRAL) and a.default is not attrs.NOTHING and value == a.default:
            kept.pop(a.name, None)
        elif isinstance(value, list) and value and all(isinstance(v, ResolvedStrategy) for v in value):
            # nested strategies (`NestedTaskSource`): their neutral options are left out the same way
            kept[a.name] = [{**ref, "options": without_neutral_defaults(v.options, ref["options"])}
                            for v, ref in zip(value, kept[a.name], strict=True)]
    return kept


@frozen
class StrategyRef:
    """A strategy chosen by name, with the options its plugin defines."""

    name: str = option("Registered name of the strategy (see `sleepy plugins`).")
    options: dict[str, Any] = option("Options of that strategy (see `sleepy config explain`).", factory=dict)


@frozen
class MemoryConfig:
    """The `memory` baseline (recall without training): earlier fixes of the same error shown in the prompt."""

    k: int = option("Most earlier fixes shown per prompt.", default=3, validator=validators.ge(1))
    diff_chars: int = option("Each recalled diff is cut to this many characters.", default=1200,
                             validator=validators.ge(100))


@frozen
class AgentConfig:
    """Budgets and reply format of the agent loop."""

    max_steps: int = option("Model replies allowed per task before it counts as failed.", default=3,
                            validator=validators.ge(1))
    reply_format: str = option("What the prompt asks the model to return: whole_file or search_replace.",
                               default="whole_file",
                               validator=validators.in_(("whole_file", "search_replace")))
    format_retries: int = option("Extra replies allowed after a reply the agent cannot parse.", default=1,
                                 validator=validators.ge(0))
    tool_output_chars: int = option("Tool output longer than this is truncated before the model sees it.",
                                    default=4000, validator=validators.ge(200))
    task_timeout_seconds: float = option("Wall-clock budget for one task, model time included.",
                                         default=600.0, validator=validators.gt(0))
    max_new_tokens: int = option("Most tokens the model may write per reply.", default=768,
                                 validator=validators.ge(16))
    temperature: float = option("Sampling temperature; 0 is greedy (deterministic).", default=0.0,
                                validator=validators.ge(0))
    concurrency: int = option("Tasks worked on at once; their model calls are batched together.", default=4,
                              validator=validators.ge(1))
    rustfix_first: bool = option(
        "Before the model's first reply, apply rustc's MachineApplicable suggestions (the rustfix tool, up to 4 "
        "rounds) to a task that fails: a task they fix passes with no reply, otherwise the model starts from the "
        "suggested file. Never worse than the rustfix baseline.", default=True)
    memory: MemoryConfig | None = option(
        "Recall without training: at each step, show up to k earlier passing train-split episodes of this run "
        "whose first error matches the current one (signature, then error code, then task family) as diffs in "
        "the prompt. Off if unset; `memory: {}` turns it on with the defaults.", default=None)


@frozen
class SandboxConfig:
    """Limits of the sandbox that compiles and runs model-written code."""

    wall_seconds: float = option("Wall-clock limit for running the tests once.", default=10.0,
                                 validator=validators.gt(0))
    compile_wall_seconds: float = option("Wall-clock limit for one compile.", default=60.0,
                                         validator=validators.gt(0))
    memory_mb: int = option("Address-space limit of the test program, in MiB.", default=512,
                            validator=validators.ge(64))
    isolation: str = option("auto (bubblewrap if present, else util-linux unshare), bwrap, unshare, or none "
                            "(refused unless the command line adds --unsafe-no-isolation).",
                            default="auto", validator=validators.in_(("auto", "bwrap", "unshare", "none")))


@frozen
class CurationConfig:
    """Which sources become training pairs in the sleep phase, and how they are weighted."""

    own_fix: bool = option("Pairs from the agent's own fixes: the prompt at a failing state -> the reply that passed.",
                           default=True)
    reference: bool = option("The koan's reference fix paired with the agent's own failed attempt.", default=True)
    exploration: bool = option("Sample still-failing train tasks at a temperature; passing samples become pairs.",
                               default=False)
    teacher: StrategyRef | None = option("A second backend (a larger model) whose fixes become pairs; off if unset.",
                                         default=None)
    dreams: int = option(
        "Dreams: verified variants (renamed names, a changed literal, reordered items) made of each train task "
        "the day failed; each is re-checked in the sandbox to fail as its koan declares and pass with its fix "
        "(0 = off).", default=0, validator=validators.ge(0))
    dreams_limit: int = option("Most dream variants checked in the sandbox in one sleep (each check is a few "
                               "sandbox runs).", default=64, validator=validators.ge(1))
    weights: dict[str, float] = option("Loss weight per source.", factory=lambda: {
        "own_fix": 1.0, "exploration": 1.0, "reference": 2.0, "teacher": 1.0, "dreams": 1.0})
    exploration_samples: int = option("Samples per still-failing task when exploring.", default=4,
                                      validator=validators.ge(1))
    exploration_temperature: float = option("Sampling temperature when exploring.", default=0.8,
                                            validator=validators.gt(0))
    require_clippy: bool = option("Keep only pairs whose final code also passes clippy -D warnings.", default=True)
    replay_fraction: float = option("Share of earlier datasets' examples mixed back in (0 = none).", default=0.0,
                                    validator=[validators.ge(0), validators.le(1)])
    max_examples: int = option("Most examples in one training set.", default=256, validator=validators.ge(1))


@frozen
class EvaluationConfig:
    """How candidates and the current adapter are measured by the gate."""

    splits: list[str] = option("Splits evaluated each cycle.", factory=lambda: ["frozen", "heldout"])
    seeds: int = option("Evaluations per task with different seeds (matters when temperature > 0).", default=1,
                        validator=validators.ge(1))
    limit: int | None = option("At most this many tasks per split other than frozen (a quick heldout subset; "
                               "none: all).", default=None, validator=validators.optional(validators.ge(1)))
    frozen_limit: int | None = option(
        "At most this many frozen-suite tasks (none: the whole suite, every gate). A subset is reported as "
        "'k of N frozen koans checked'.", default=None, validator=validators.optional(validators.ge(1)))
    train_recall_limit: int = option(
        "After training, evaluate the candidate on at most this many train tasks whose fixes it was trained on and "
        "that failed in the day (a seeded sample; 0: off). Trained-on recall, reported apart: never a gate input "
        "and no generalisation claim.", default=6, validator=validators.ge(0))


@frozen
class SleepyConfig:
    """A whole run configuration."""

    backend: StrategyRef = option("The model backend, e.g. {name: transformers, options: {model: ...}}.")
    seed: int = option("Seed for everything random; per-phase seeds derive from it.", default=0)
    tasks: StrategyRef = option("Where tasks come from.", factory=lambda: StrategyRef("koans"))
    agent: AgentConfig = option("The agent loop.", factory=AgentConfig)
    sandbox: SandboxConfig = option("The sandbox.", factory=SandboxConfig)
    tools: list[str] = option(
        "Tools the agent may use, by registered name; empty means every registered tool.", factory=list)
    consolidator: StrategyRef | None = option("The sleep strategy; none means no training.", default=None)
    router: StrategyRef | None = option(
        "Which of the adapter's routes (per-family or per-repository adapters a consolidator wrote next to it) "
        "serves each task: none, family or repository (`sleepy plugins`); unset: the adapter itself for every task.",
        default=None)
    curation: CurationConfig = option("How the sleep phase turns episodes into training pairs.",
                                      factory=CurationConfig)
    gates: list[StrategyRef] = option("Gates a candidate must pass, in order.", factory=lambda: [
        StrategyRef("no_regression"), StrategyRef("heldout_improvement"), StrategyRef("data_quality")])
    evaluation: EvaluationConfig = option("How the gate measures adapters.", factory=EvaluationConfig)
    reporters: list[StrategyRef] = option("Where progress and results are shown.",
                                          factory=lambda: [StrategyRef("console")])


@frozen
class ResolvedStrategy:
    """A strategy reference after lookup: its spec and structured options."""

    spec: StrategySpec[Any]
    options: Any

    def build(self) -> Any:
        """Instantiate the strategy."""
        return self.spec.build(self.options)


# A strategy's Options may name other task sources: a field typed `list[NestedTaskSource]` takes what `tasks`
# takes ({name, options} or a name) and holds them resolved, so their problems are reported with their paths
# (`$.tasks.options.sources[1].options.tasks: ...`), they build with `.build()`, and the snapshot shows their
# options with defaults filled. Only `resolve` (or a converter made with the registry) can structure one.
NestedTaskSource = NewType("NestedTaskSource", ResolvedStrategy)
NESTED_STRATEGIES: dict[Any, StrategyKind] = {NestedTaskSource: StrategyKind.TASK_SOURCE}


# --- converter -------------------------------------------------------------------------------


class ConfigTypeError(TypeError):
    """A value of the wrong type; its text is the whole message."""


def _strict(kind: type, name: str, accept: tuple[type, ...]) -> Any:
    def structure(value: Any, _: Any) -> Any:
        if isinstance(value, bool) and kind is not bool:
            raise ConfigTypeError(f"expected {name}, got {value!r}")
        if not isinstance(value, accept):
            raise ConfigTypeError(f"expected {name}, got {value!r}")
        return kind(value)

    return structure


def make_converter(registry: Registry | None = None) -> cattrs.Converter:
    """The one converter: strict types, unknown keys are errors; with `registry`, nested strategies resolve."""
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(int, _strict(int, "int", (int,)))
    converter.register_structure_hook(float, _strict(float, "float", (int, float)))
    converter.register_structure_hook(str, _strict(str, "str", (str,)))
    converter.register_structure_hook(bool, _strict(bool, "bool", (bool,)))
    converter.register_structure_hook(Path, lambda v, _: Path(_strict(str, "path", (str,))(v, None)))
    converter.register_unstructure_hook(Path, str)

    def mapping(value: Any, _: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise ConfigTypeError(f"expected a mapping, got {value!r}")
        return dict(value)

    converter.register_structure_hook_func(lambda t: t == dict[str, Any], mapping)

    def is_list(tp: Any) -> bool:
        return bool(is_sequence(tp)) and typing.get_origin(tp) is not tuple and tp is not tuple

    def sequence(tp: Any) -> Any:
        items = list_structure_factory(tp, converter)

        def structure_list(value: Any, _: Any) -> Any:
            # cattrs would iterate a string into its characters: `replies: "no"` became ['n', 'o'].
            if not isinstance(value, (list, tuple)):
                raise ConfigTypeError(f"expected a list, got {value!r}")
            return items(value, tp)

        return structure_list

    converter.register_structure_hook_factory(is_list, sequence)

    def attrs_class(cls: type) -> Any:
        from_dict: Any = cattrs.gen.make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)

        def structure_class(value: Any, _: Any) -> Any:
            if not isinstance(value, Mapping):
                raise ConfigTypeError(f"expected a mapping, got {value!r}")
            return from_dict(value, cls)

        return structure_class

    converter.register_structure_hook_factory(attrs.has, attrs_class)
    ref_from_dict = cattrs.gen.make_dict_structure_fn(StrategyRef, converter, _cattrs_forbid_extra_keys=True)

    def strategy_ref(value: Any, _: Any) -> StrategyRef:
        if isinstance(value, str):  # shorthand: `backend: scripted`
            return StrategyRef(value)
        if not isinstance(value, Mapping):
            raise ConfigTypeError(f"expected a strategy name or {{name: ..., options: {{...}}}}, got {value!r}")
        return ref_from_dict(value, StrategyRef)

    converter.register_structure_hook(StrategyRef, strategy_ref)

    def nested_strategy(kind: StrategyKind) -> Any:
        def structure_nested(value: Any, _: Any) -> ResolvedStrategy:
            ref = strategy_ref(value, None)
            if registry is None:
                raise ConfigTypeError(f"a nested {kind} is resolved only with the registry (sleepy.config.resolve)")
            # Its lines come relative to the field ("": `.options.tasks: ...`); error_lines prefixes the path.
            return resolve_strategy(registry, kind, ref, "", "", converter)

        return structure_nested

    for nested_type, kind in NESTED_STRATEGIES.items():
        converter.register_structure_hook(nested_type, nested_strategy(kind))
    converter.register_unstructure_hook(
        ResolvedStrategy, lambda r: {"name": r.spec.name, "options": converter.unstructure(r.options)})
    return converter


# --- error lines -----------------------------------------------------------------------------

_LEADING_FIELD = re.compile(r"^'(\w+)' ")


def error_lines(exc: BaseException, path: str = "$", cls: type | None = None) -> list[str]:
    """Flatten a cattrs structuring error into ``$.path: message`` lines, keeping validator text."""
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        lines = []
        for sub, note in with_notes:
            lines += error_lines(sub, f"{path}.{note.name}", None)
        for sub in without:
            lines += error_lines(sub, path, exc.cl)
        return lines
    if isinstance(exc, IterableValidationError):
        lines = []
        with_index, without = exc.group_exceptions()
        for sub, inote in with_index:
            lines += error_lines(sub, f"{path}[{inote.index}]", None)
        for sub in without:
            lines += error_lines(sub, path, None)
        return lines
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = ", ".join(a.name for a in attrs.fields(exc.cl)) if attrs.has(exc.cl) else ""
        return [f"{path}.{key}: unknown field" + (f" (expected one of: {allowed})" if allowed else "")
                for key in sorted(exc.extra_fields)]
    if isinstance(exc, KeyError):
        return [f"{path}: required field missing"]
    if isinstance(exc, ConfigError):  # a nested strategy's problems, relative to where it is named
        return [f"{path}{problem}" for problem in exc.problems]
    if isinstance(exc, ConfigTypeError):
        return [f"{path}: {exc}"]
    if isinstance(exc, (ValueError, TypeError)):
        # attrs' in_ validator raises ValueError(message, attribute, options, value)
        message = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
        match = _LEADING_FIELD.match(message)
        if cls is not None and match and attrs.has(cls) and match.group(1) in attrs.fields_dict(cls):
            return [f"{path}.{match.group(1)}: {message}"]  # an attrs validator: keep its message
        return [f"{path}: {message}"]
    return [f"{path}: {type(exc).__name__}: {exc}"]


def structure(converter: cattrs.Converter, data: Any, cls: type[T], source: str, path: str = "$") -> T:
    """Structure `data` as `cls`, raising a ConfigError with one line per problem."""
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError, ValueError, TypeError, KeyError) as exc:
        raise ConfigError(source, error_lines(exc, path, cls)) from None


# --- files -----------------------------------------------------------------------------------


def read_config_data(path: Path) -> dict[str, Any]:
    """Parse a YAML or TOML file into a mapping, with one-line errors."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(source, ["file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(source, [f"cannot read: {exc}"]) from None
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
            problem = getattr(exc, "problem", None) or str(exc)
            raise ConfigError(source, [f"invalid YAML: {where}{problem}"]) from None
    elif suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(source, [f"invalid TOML: {exc}"]) from None
    else:
        raise ConfigError(source, [f"unsupported config format {suffix or '(none)'!r}; use .yaml, .yml or .toml"])
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(source, [f"$: expected a mapping at the top level, got {type(data).__name__}"])
    return data


def load_config(path: Path | str, converter: cattrs.Converter | None = None) -> SleepyConfig:
    """Read and structure a config file (strategy options are checked by `resolve`)."""
    path = Path(path)
    return structure(converter or make_converter(), read_config_data(path), SleepyConfig, str(path))


def resolve_strategy(
    registry: Registry, kind: StrategyKind, ref: StrategyRef, path: str, source: str,
    converter: cattrs.Converter | None = None,
) -> ResolvedStrategy:
    """Look up `ref` and structure its options with the provider's Options class."""
    try:
        spec = registry.get(kind, ref.name)
    except UnknownStrategyError as exc:
        raise ConfigError(source, [f"{path}.name: {exc}"]) from None
    options: Any = structure(converter or make_converter(registry), ref.options, spec.options, source,
                             f"{path}.options")
    return ResolvedStrategy(spec, options)


@frozen
class ResolvedConfig:
    """A config whose strategy names exist and whose options are structured."""

    config: SleepyConfig
    backend: ResolvedStrategy
    tasks: ResolvedStrategy
    tools: tuple[ResolvedStrategy, ...]
    consolidator: ResolvedStrategy | None
    gates: tuple[ResolvedStrategy, ...]
    reporters: tuple[ResolvedStrategy, ...]
    router: ResolvedStrategy | None = None
    # Resolved with the rest, so a bad teacher option fails at start rather than at the first sleep. Not in the
    # snapshot: it keeps the teacher as written, so config hashes (and cached evaluations) stay as they were.
    teacher: ResolvedStrategy | None = None

    def snapshot(self, converter: cattrs.Converter | None = None) -> dict[str, Any]:
        """The config with every strategy's options filled in with defaults."""
        conv = converter or make_converter()
        data: dict[str, Any] = conv.unstructure(self.config)

        def ref(r: ResolvedStrategy) -> dict[str, Any]:
            return {"name": r.spec.name, "options": conv.unstructure(r.options)}

        data["backend"] = ref(self.backend)
        data["tasks"] = ref(self.tasks)
        data["consolidator"] = ref(self.consolidator) if self.consolidator else None
        data["gates"] = [ref(g) for g in self.gates]
        data["reporters"] = [ref(r) for r in self.reporters]
        if self.router is not None:
            data["router"] = ref(self.router)
        else:
            # Unset, it is left out, so a config without a router keeps the hash it had before routers existed.
            data.pop("router", None)
        if data["agent"].get("memory") is None:
            # Off, it is left out, so a config without memory keeps the hash it had before memory existed
            # (a run started then still resumes, and its cached evaluations still count).
            del data["agent"]["memory"]
        if not data["agent"].get("rustfix_first", True):
            # Off is the behaviour from before the option existed, so it keeps that hash (a run started then
            # resumes, its cached evaluations count); on, the default, changes behaviour and so the hash.
            del data["agent"]["rustfix_first"]
        return data

    def config_hash(self) -> str:
        """Stable hash of the resolved snapshot; results are cached per hash."""
        snapshot = self.snapshot()
        for key in ("backend", "tasks", "consolidator", "router"):
            strategy = getattr(self, key)
            if strategy is not None:
                snapshot[key]["options"] = without_neutral_defaults(strategy.options, snapshot[key]["options"])
        for key in ("gates", "reporters"):
            snapshot[key] = [{**ref, "options": without_neutral_defaults(s.options, ref["options"])}
                             for s, ref in zip(getattr(self, key), snapshot[key], strict=True)]
        # How many trained-on train tasks the gate re-checks changes no cached result (each evaluation is per
        # task), so it is left out: a run resumes, and its cached evaluations count, whatever it is set to.
        snapshot["evaluation"].pop("train_recall_limit", None)
        blob = json.dumps(snapshot, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


def resolve(config: SleepyConfig, registry: Registry, source: str) -> ResolvedConfig:
    """Check every strategy name and structure its options; collect all problems at once."""
    problems: list[str] = []
    converter = make_converter(registry)

    def attempt(kind: StrategyKind, ref: StrategyRef, path: str) -> ResolvedStrategy | None:
        try:
            return resolve_strategy(registry, kind, ref, path, source, converter)
        except ConfigError as exc:
            problems.extend(exc.problems)
            return None

    backend = attempt(StrategyKind.BACKEND, config.backend, "$.backend")
    tasks = attempt(StrategyKind.TASK_SOURCE, config.tasks, "$.tasks")
    tools = [attempt(StrategyKind.TOOL, StrategyRef(n), f"$.tools[{i}]") for i, n in enumerate(config.tools)]
    consolidator = (attempt(StrategyKind.CONSOLIDATOR, config.consolidator, "$.consolidator")
                    if config.consolidator else None)
    teacher = (attempt(StrategyKind.BACKEND, config.curation.teacher, "$.curation.teacher")
               if config.curation.teacher else None)
    gates = [attempt(StrategyKind.GATE, g, f"$.gates[{i}]") for i, g in enumerate(config.gates)]
    reporters = [attempt(StrategyKind.REPORTER, r, f"$.reporters[{i}]") for i, r in enumerate(config.reporters)]
    router = attempt(StrategyKind.ROUTER, config.router, "$.router") if config.router else None
    problems += [f"$.evaluation.splits[{i}]: unknown split {s!r}; expected one of {', '.join(TASK_SPLITS)}"
                 for i, s in enumerate(config.evaluation.splits) if s not in TASK_SPLITS]
    if problems:
        raise ConfigError(source, [p.replace(".name: ", ": ", 1) if p.startswith("$.tools[") else p
                                   for p in problems])
    assert backend is not None and tasks is not None
    return ResolvedConfig(
        config=config,
        backend=backend,
        tasks=tasks,
        tools=tuple(t for t in tools if t is not None),
        consolidator=consolidator,
        gates=tuple(g for g in gates if g is not None),
        reporters=tuple(r for r in reporters if r is not None),
        teacher=teacher,
        router=router,
    )


def derive_seed(seed: int, purpose: str) -> int:
    """A per-purpose seed derived from the run seed, stable across Python versions."""
    digest = hashlib.sha256(f"{seed}:{purpose}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def _type_name(tp: Any) -> str:
    text = tp.__name__ if isinstance(tp, type) and not getattr(tp, "__args__", None) else str(tp)
    return re.sub(r"\b(?:[A-Za-z_]\w*\.)+(\w+)", r"\1", text)


def explain_class(cls: type, prefix: str = "") -> list[str]:
    """One line per field: dotted path, type, default and help text, recursing into nested classes."""
    lines = []
    for a in attrs.fields(cls):
        path = f"{prefix}{a.name}"
        type_name = _type_name(a.type)
        if a.default is attrs.NOTHING:
            default = "required"
        elif isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]  # Factory is a class at runtime
            made = a.default.factory()
            default = f"default {make_converter().unstructure(made)!r}" if not attrs.has(type(made)) else ""
        else:
            default = f"default {a.default!r}"
        help_text = a.metadata.get(HELP, "")
        lines.append(f"{path} ({type_name}{', ' + default if default else ''}): {help_text}")
        if isinstance(a.type, type) and attrs.has(a.type):
            lines += explain_class(a.type, path + ".")
    return lines
