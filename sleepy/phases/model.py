"""Which model a command runs: the configured backend plus an adapter (the run's active one unless told otherwise).

Every command that runs the model goes through `choose_adapter`, so `sleepy day` on a run whose
adapter was promoted measures that adapter, as `sleepy cycle` does, and episodes record it.
"""

from __future__ import annotations

from sleepy.adapters import AdapterRecord, AdapterRegistry
from sleepy.errors import BackendError
from sleepy.phases.setup import PhaseContext
from sleepy.protocols import AdapterBackend, Backend, HeldAdapters
from sleepy.routing.choice import TaskRoutes, load_routes

BASE = "base"


def choose_adapter(registry: AdapterRegistry, choice: str | None) -> AdapterRecord | None:
    """`choice` None: the run's active adapter; "base": no adapter; else the adapter with that id."""
    if choice is None:
        return registry.active()
    if choice == BASE:
        return None
    return registry.get(choice)  # an unknown id is one line naming the known ones


def use_adapter(backend: Backend, adapter: AdapterRecord | None) -> None:
    """Make `backend` generate with `adapter` (None: the base model alone)."""
    if not isinstance(backend, AdapterBackend):
        if adapter is None:
            return
        raise BackendError(f"backend {backend.describe().get('backend')!r} cannot load adapters; "
                           f"run it with --adapter {BASE}, or use a backend that can (e.g. transformers)")
    if adapter is None:
        backend.set_adapter(None)
        return
    # Backends that list what they hold load each adapter once per process.
    if not (isinstance(backend, HeldAdapters) and adapter.id in backend.adapters):
        backend.load_adapter(adapter.path, adapter.id)
    backend.set_adapter(adapter.id)


def routes_for(ctx: PhaseContext, backend: Backend, adapter: AdapterRecord | None) -> TaskRoutes | None:
    """After `use_adapter`: `adapter`'s routes loaded in `backend` for the configured router (None: no routing)."""
    return load_routes(backend, adapter, ctx.router)


def model_name(ctx: PhaseContext) -> str:
    """The configured model and backend in words, e.g. `smollm2-135m-instruct (transformers backend)`."""
    spec = ctx.resolved.backend
    model = getattr(spec.options, "model", None)
    return f"{model} ({spec.spec.name} backend)" if model else f"{spec.spec.name} backend"


def model_line(ctx: PhaseContext, choice: str | None) -> str:
    """The line a command prints first: which model and which adapter it runs."""
    name = model_name(ctx)
    adapter = choose_adapter(AdapterRegistry(ctx.run_dir.adapters, ctx.store), choice)
    if adapter is not None:
        why = "the run's active adapter" if choice is None else "chosen with --adapter"
        return f"model: {name}, adapter {adapter.id} ({why})"
    why = "no adapter promoted yet" if choice is None else f"chosen with --adapter {BASE}"
    return f"model: {name}, no adapter: the base model ({why})"
