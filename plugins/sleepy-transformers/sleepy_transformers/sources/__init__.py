"""Model sources: turn a model reference into a directory that transformers loads with no network.

Only `reference` is imported by the plugin module; the other modules import their heavy
dependencies and are loaded when a source is built.
"""

from sleepy_transformers.sources.reference import (
    ALIASES,
    DEFAULT_MODEL,
    KNOWN_GGUF_SHA256,
    SOURCE_NAMES,
    Alias,
    ModelFiles,
    ModelReference,
    parse_reference,
)

__all__ = [
    "ALIASES",
    "DEFAULT_MODEL",
    "KNOWN_GGUF_SHA256",
    "SOURCE_NAMES",
    "Alias",
    "ModelFiles",
    "ModelReference",
    "parse_reference",
]
