"""Adapters on disk: validation without torch, and the registry with its atomic active pointer."""

from sleepy.adapters.registry import AdapterRecord, AdapterRegistry, AdapterRegistryError
from sleepy.adapters.validation import AdapterInfo, InvalidAdapter, validate_adapter

__all__ = ["AdapterInfo", "AdapterRecord", "AdapterRegistry", "AdapterRegistryError", "InvalidAdapter",
           "validate_adapter"]
