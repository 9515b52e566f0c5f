"""How rustc compiles a one-file crate: its edition, and whether the file is a library or a program."""

from __future__ import annotations

from typing import Literal

from attrs import field, frozen, validators

Edition = Literal["2015", "2018", "2021", "2024"]
EDITIONS: tuple[Edition, ...] = ("2015", "2018", "2021", "2024")
CrateKind = Literal["lib", "bin"]
CRATE_KINDS: tuple[CrateKind, ...] = ("lib", "bin")


@frozen
class CrateTarget:
    """The edition rustc is told, and the crate type of the non-test target.

    A ``bin`` is a program with ``fn main``: checked as a lib, rustc would warn that ``main`` is
    never used. The test target (``rustc --test``) is the same for both kinds.
    """

    edition: Edition = field(default="2021", validator=validators.in_(EDITIONS))
    kind: CrateKind = field(default="lib", validator=validators.in_(CRATE_KINDS))
