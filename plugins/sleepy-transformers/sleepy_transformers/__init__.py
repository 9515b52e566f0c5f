"""sleepy-transformers: the in-process transformers backend and model sources for sleepy-coder.

Only light names are re-exported, so importing the plugin never imports torch; the backend itself is
``sleepy_transformers.backend.TransformersBackend``.
"""

from sleepy_transformers.errors import ContextLengthError, ModelSourceError
from sleepy_transformers.options import TransformersOptions
from sleepy_transformers.sources.reference import ALIASES, DEFAULT_MODEL, ModelFiles, parse_reference

__all__ = [
    "ALIASES",
    "DEFAULT_MODEL",
    "ContextLengthError",
    "ModelFiles",
    "ModelSourceError",
    "TransformersOptions",
    "parse_reference",
]
