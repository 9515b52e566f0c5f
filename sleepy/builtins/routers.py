"""The built-in routers: none, family, repository (issue 15, "Routing").

A consolidator that trains skills per family or per repository lists them in its adapter's `routes.json`
(`sleepy.routing.routes`); the router chosen in config (`router: {name: family}`) picks one per task, and a
task no route fits gets the adapter itself, the merged default. `none` always takes the merged default, so it is
the same agent as a config without a router, named so that comparisons can list it as an arm.
"""

from __future__ import annotations

from sleepy.diagnostics import ErrorSignature
from sleepy.hookspecs import hookimpl
from sleepy.protocols import Router
from sleepy.records import Task
from sleepy.registry import Registrar
from sleepy.routing.routes import Route, RouteTable


def family_key(task: Task, first_signature: str | None) -> str | None:
    """The family a task is routed by: its declared family (every koan has one), else its first error's code
    (E0382, test_failure, ...) for tasks that declare none."""
    if task.family:
        return task.family
    return ErrorSignature.parse(first_signature).code if first_signature else None


class NoRouter:
    """Every task gets the merged adapter."""

    def route(self, task: Task, first_signature: str | None, routes: RouteTable) -> Route | None:
        return None


class FamilyRouter:
    """The route of the task's family (`family_key`), else the merged adapter."""

    def route(self, task: Task, first_signature: str | None, routes: RouteTable) -> Route | None:
        key = family_key(task, first_signature)
        return routes.get("family", key) if key else None


class RepositoryRouter:
    """The route of the task's repository, else of its family, else the merged adapter."""

    def route(self, task: Task, first_signature: str | None, routes: RouteTable) -> Route | None:
        by_repository = routes.get("repository", task.repository) if task.repository else None
        return by_repository or FamilyRouter().route(task, first_signature, routes)


def _none(_: object) -> NoRouter:
    return NoRouter()


def _family(_: object) -> FamilyRouter:
    return FamilyRouter()


def _repository(_: object) -> RepositoryRouter:
    return RepositoryRouter()


@hookimpl
def sleepy_register_routers(register: Registrar[Router]) -> None:
    register.add("none", _none, description="Every task gets the merged adapter (the same agent as no router).")
    register.add("family", _family, description="The adapter's route for the task's family (else its first error's "
                                                "code), else the merged adapter.")
    register.add("repository", _repository, description="The route for the task's repository, else for its family, "
                                                        "else the merged adapter.")
