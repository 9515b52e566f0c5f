"""Options of each backend. Light: imported when the plugin registers (no httpx, no gguf)."""

from __future__ import annotations

from typing import Any

from attrs import frozen, validators

from sleepy import option

VLLM_LORA_RANKS = (1, 8, 16, 32, 64, 128, 256, 320, 512)  # values vLLM's --max-lora-rank accepts


@frozen(kw_only=True)
class ServerOptions:
    """What every server backend takes: where it is, how long to wait, how to retry."""

    base_url: str = option("Server root URL (a trailing /v1 is ignored).", default="http://127.0.0.1:8000")
    model: str = option("Model name the server knows (sent as `model`).", default="")
    api_key_env: str = option("Environment variable holding a bearer token; empty: none. The token itself never "
                              "goes into config (configs are copied into run directories).", default="")
    connect_timeout: float = option("Seconds to wait for a TCP connection.", default=5.0, validator=validators.gt(0))
    read_timeout: float = option("Seconds to wait for the next bytes of a reply (streaming: between chunks).",
                                 default=600.0, validator=validators.gt(0))
    retries: int = option("Retries on connection errors and 408/409/429/5xx before any byte of a reply arrived.",
                          default=3, validator=validators.ge(0))
    backoff_seconds: float = option("First retry delay; doubles each retry (Retry-After wins when sent).",
                                    default=0.5, validator=validators.ge(0))
    ready_timeout: float = option("Before the first request, poll the server's health route this many seconds "
                                  "until it is ready (0: do not wait).", default=0.0, validator=validators.ge(0))
    parallel: int = option("Requests of one complete_many call sent at once (servers batch them).", default=4,
                           validator=validators.ge(1))
    stream: bool = option("Stream replies (the read timeout then bounds the gap between chunks, not the whole "
                          "reply).", default=True)
    tools: list[dict[str, Any]] = option(
        "Tool schemas in the OpenAI shape ({type: function, function: {name, description, parameters}}) sent "
        "with every request; empty: none, replies are plain text.", factory=list)


@frozen(kw_only=True)
class OpenAIOptions(ServerOptions):
    """Options of the `openai` backend (vLLM, TGI Messages API, llama-server, llama_cpp.server, Ollama /v1)."""

    model: str = option("Model name the server knows (sent as `model`).")
    extra_body: dict[str, Any] = option("Fields merged into every request body (e.g. top_k, cache_prompt); "
                                        "they never override model, messages or the sampling fields.", factory=dict)
    health_path: str = option("Route polled by the readiness wait.", default="/v1/models")


@frozen(kw_only=True)
class VLLMOptions(OpenAIOptions):
    """Options of the `vllm` backend."""

    health_path: str = option("Route polled by the readiness wait.", default="/health")
    max_lora_rank: int = option("The server's --max-lora-rank (vLLM's default is 16); adapters of a higher rank "
                                "are refused before they are sent.", default=16,
                                validator=validators.in_(VLLM_LORA_RANKS))


@frozen(kw_only=True)
class LlamaCppOptions(OpenAIOptions):
    """Options of the `llamacpp` backend (llama.cpp's llama-server)."""

    base_url: str = option("Server root URL.", default="http://127.0.0.1:8080")
    model: str = option("Model name; a single-model llama-server ignores it.", default="llama")
    health_path: str = option("Route polled by the readiness wait.", default="/health")
    cache_prompt: bool = option("Reuse the KV cache of a shared prompt prefix: faster, but replies may differ "
                                "slightly from uncached ones, so off by default for reproducible runs.", default=False)


@frozen(kw_only=True)
class TGIOptions(ServerOptions):
    """Options of the `tgi` backend (Hugging Face text-generation-inference)."""

    base_url: str = option("Server root URL.", default="http://127.0.0.1:8080")
    model: str = option("Name recorded on episodes; TGI serves one model (its id is in /info).", default="tgi")
    api: str = option("messages: /v1/chat/completions (TGI applies the model's chat template); generate: "
                      "/generate with a prompt rendered by `chat_template`.", default="messages",
                      validator=validators.in_(("messages", "generate")))
    chat_template: str = option("Prompt format for api=generate: chatml, llama3 or plain.", default="chatml",
                                validator=validators.in_(("chatml", "llama3", "plain")))
    adapters: list[str] = option("LoRA adapter ids TGI was started with (LORA_ADAPTERS); only these can be "
                                 "selected, TGI cannot load adapters at runtime.", factory=list)
    health_path: str = option("Route polled by the readiness wait.", default="/health")


@frozen(kw_only=True)
class OllamaOptions(ServerOptions):
    """Options of the `ollama` backend (native /api/chat)."""

    base_url: str = option("Server root URL; empty: $OLLAMA_HOST, else http://127.0.0.1:11434.", default="")
    model: str = option("Model name (name:tag) as `ollama list` shows it.")
    num_ctx: int = option("Context window in tokens, sent with every request (Ollama's own default depends on "
                          "free VRAM and silently truncates longer prompts).", default=8192,
                          validator=validators.ge(256))
    keep_alive: str = option("How long Ollama keeps the model loaded after a request (e.g. 5m, 1h, 0).",
                             default="5m")
    adapter_format: str = option("How load_adapter hands adapters to Ollama: gguf (converted here; needs "
                                 "base_config) or safetensors (converted by Ollama; llama and gemma2 bases only).",
                                 default="gguf", validator=validators.in_(("gguf", "safetensors")))
    base_config: str | None = option("The base model's config.json (or its directory); the GGUF conversion of "
                                     "adapters needs its architecture and head counts.", default=None)
