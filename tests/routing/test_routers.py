"""The built-in routers and the backend wrapper that batches requests by the adapter they were routed to."""

from __future__ import annotations

from pathlib import Path

import pytest

from sleepy.builtins.routers import FamilyRouter, NoRouter, RepositoryRouter, family_key
from sleepy.records import Completion, CompletionRequest, Message, Task
from sleepy.routing.backend import RoutedBackend
from sleepy.routing.routes import Route, RouteTable

TABLE = RouteTable((Route("family", "borrow", Path("/a/borrow")), Route("family", "E0382", Path("/a/e0382")),
                    Route("repository", "serde", Path("/a/serde"))))


def task(family="borrow", repository=""):
    return Task(id="t", family=family, split="heldout", files={"src/lib.rs": ""}, repository=repository)


def test_the_family_router_takes_the_declared_family_else_the_first_error_code():
    assert FamilyRouter().route(task(), None, TABLE).key == "borrow"
    assert FamilyRouter().route(task("traits"), None, TABLE) is None  # no route: the merged adapter
    assert family_key(task(""), "E0382: borrow of moved value: `{}`") == "E0382"
    assert FamilyRouter().route(task(""), "E0382: borrow of moved value: `{}`", TABLE).key == "E0382"
    assert FamilyRouter().route(task(""), None, TABLE) is None


def test_the_repository_router_takes_the_repository_then_the_family_and_none_takes_nothing():
    assert RepositoryRouter().route(task(repository="serde"), None, TABLE).key == "serde"
    assert RepositoryRouter().route(task(repository="tokio"), None, TABLE).key == "borrow"
    assert RepositoryRouter().route(task("traits", repository="tokio"), None, TABLE) is None
    assert NoRouter().route(task(repository="serde"), None, TABLE) is None


class Recording:
    """An adapter backend that answers with the active adapter's name and records each batch."""

    def __init__(self):
        self.active = "merged"
        self.batches: list[tuple[str, list[str]]] = []

    def load_adapter(self, path, name):
        raise AssertionError("the wrapper loads nothing")

    def set_adapter(self, name):
        self.active = name

    def complete(self, request):
        return self.complete_many([request])[0]

    def complete_many(self, requests):
        assert all(r.adapter is None for r in requests)  # the wrapped backend never sees a route
        self.batches.append((self.active, [r.messages[0].content for r in requests]))
        return [Completion(f"{self.active}:{r.messages[0].content}") for r in requests]

    def describe(self):
        return {"backend": "recording", "adapter_id": self.active}


def request(text, adapter=None):
    return CompletionRequest((Message("user", text),), adapter=adapter)


def test_requests_are_answered_by_their_adapter_one_batch_per_adapter_in_order():
    backend = Recording()
    routed = RoutedBackend(backend, "merged")
    answers = routed.complete_many([request("1", "borrow"), request("2"), request("3", "borrow"),
                                    request("4", "serde")])
    assert [a.text for a in answers] == ["borrow:1", "merged:2", "borrow:3", "serde:4"]
    assert backend.batches == [("borrow", ["1", "3"]), ("merged", ["2"]), ("serde", ["4"])]
    assert backend.active == "merged"  # back to the default for whatever runs next


def test_a_failing_batch_still_leaves_the_default_adapter_active():
    backend = Recording()
    backend.complete_many = lambda requests: (_ for _ in ()).throw(RuntimeError("out of memory"))
    with pytest.raises(RuntimeError):
        RoutedBackend(backend, "merged").complete_many([request("1", "borrow")])
    assert backend.active == "merged"
