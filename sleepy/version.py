"""The installed version of sleepy-coder."""

from importlib.metadata import PackageNotFoundError, version


def sleepy_version() -> str:
    """The distribution version, or 0+unknown when run from a source tree without installing."""
    try:
        return version("sleepy-coder")
    except PackageNotFoundError:
        return "0+unknown"
