"""sleepy-coder backends for local inference servers, and adapter export to them.

Nothing is imported here: the plugin module loads at every `sleepy` start and must stay light
(numpy and gguf load only when an adapter is exported). Import from the modules:
`sleepy_serving.export.export_adapter`, `sleepy_serving.openai_backend.OpenAIBackend`, ...
"""

__all__: list[str] = []
