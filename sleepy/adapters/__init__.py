"""Adapters on disk: validation without torch, and the registry with its atomic active pointer."""

from sleepy.adapters.directory import adapter_from_directory
from sleepy.adapters.registry import AdapterRegistry, AdapterRegistryError
from sleepy.adapters.validation import AdapterInfo, InvalidAdapter, validate_adapter
from sleepy.store import AdapterRecord  # a row of the store's `adapters` table

__all__ = ["AdapterInfo", "AdapterRecord", "AdapterRegistry", "AdapterRegistryError", "InvalidAdapter",
           "adapter_from_directory", "validate_adapter"]
