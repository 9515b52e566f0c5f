"""What can go wrong before a crate's tests run: each error is one line naming the file or package."""

from __future__ import annotations

from sleepy import BuildCacheError, SleepyError


class CrateError(SleepyError):
    """Base of the offline-crate errors."""


class CrateNotFound(CrateError):
    """No such crate in the registry directory, or no Cargo project at the given path."""


class PackageUnavailable(CrateError):
    """The Debian package ``librust-NAME-dev`` does not exist or could not be installed."""


class MalformedCrate(CrateError):
    """A crate's Cargo.toml (or layout) is not what cargo would accept; the message names the file."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


# The core's project sandbox raises it (sleepy.BuildCacheError); the old name is kept. It is a
# sleepy.ProjectError, not a CrateError: `except CrateError` does not catch it.
CrateCacheError = BuildCacheError
