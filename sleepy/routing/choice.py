"""The routes of the adapter a phase runs, loaded in its backend, and the router's choice per task."""

from __future__ import annotations

from attrs import frozen

from sleepy.adapters import AdapterRecord
from sleepy.errors import BackendError
from sleepy.protocols import AdapterBackend, Backend, HeldAdapters, Router
from sleepy.records import Task
from sleepy.routing.backend import RoutedBackend
from sleepy.routing.routes import RouteTable, read_routes


@frozen
class TaskRoutes:
    """`router` choosing among the routes of adapter `default` (every route already loaded in `backend`)."""

    backend: AdapterBackend
    default: str
    table: RouteTable
    router: Router

    def choose(self, task: Task, first_signature: str | None) -> str | None:
        """The loaded adapter name that serves `task`; None: the default adapter."""
        route = self.router.route(task, first_signature, self.table)
        return route.adapter_name(self.default) if route is not None else None

    def backend_for_episodes(self) -> RoutedBackend:
        return RoutedBackend(self.backend, self.default)


def load_routes(backend: Backend, adapter: AdapterRecord | None, router: Router | None) -> TaskRoutes | None:
    """Load `adapter`'s routes into `backend` (each once per process) for `router`; None when there is nothing to
    route: no router, no adapter, or an adapter without routes."""
    if router is None or adapter is None:
        return None
    table = read_routes(adapter.path)
    if not table.routes:
        return None
    if not isinstance(backend, AdapterBackend):
        raise BackendError(f"backend {backend.describe().get('backend')!r} cannot load adapters, so it cannot route "
                           f"tasks to {adapter.id}'s routes; unset `router` or use a backend that can")
    for route in table.routes:
        name = route.adapter_name(adapter.id)
        if not (isinstance(backend, HeldAdapters) and name in backend.adapters):
            backend.load_adapter(route.path, name)
    backend.set_adapter(adapter.id)
    return TaskRoutes(backend, adapter.id, table, router)
