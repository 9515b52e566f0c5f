"""Runs many episodes together: their model requests go to the backend as one batch per round."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from sleepy.agent.episode import EpisodeRun
from sleepy.protocols import Backend


def run_episodes(
    episodes: Iterable[EpisodeRun],
    backend: Backend,
    *,
    concurrency: int,
    on_finished: Callable[[EpisodeRun], None],
    sandbox_jobs: int = 2,
) -> None:
    """Drive `episodes` to completion, `concurrency` at a time; `on_finished` gets each as it ends.

    Sandbox runs of one round go in parallel threads (each is its own process); model calls of
    one round are a single `complete_many` call, which batching backends turn into one batch.
    """
    pending = iter(episodes)
    active: list[EpisodeRun] = []
    with ThreadPoolExecutor(max_workers=max(1, sandbox_jobs)) as pool:
        while True:
            fresh: list[EpisodeRun] = []
            while len(active) + len(fresh) < concurrency:
                episode = next(pending, None)
                if episode is None:
                    break
                fresh.append(episode)
            list(pool.map(EpisodeRun.start, fresh))
            for episode in fresh:
                if episode.done:
                    on_finished(episode)
                else:
                    active.append(episode)
            if not active:
                return
            requests = [episode.request() for episode in active]
            completions = backend.complete_many(requests)
            list(pool.map(lambda args: args[0].advance(args[1], args[2]), zip(active, completions, requests,
                                                                              strict=True)))
            for episode in [e for e in active if e.done]:
                active.remove(episode)
                on_finished(episode)
