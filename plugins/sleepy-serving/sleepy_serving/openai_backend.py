"""The `openai` backend: one chat-completions client for every OpenAI-compatible server."""

from __future__ import annotations

from typing import Any, ClassVar

from sleepy import BackendError, Completion, CompletionRequest
from sleepy_serving.base import ServerBackend
from sleepy_serving.errors import ServerError
from sleepy_serving.openai_wire import CHAT_PATH, ChatStream, chat_body, parse_chat_response
from sleepy_serving.options import OpenAIOptions, ServerOptions
from sleepy_serving.streams import iter_sse


class OpenAIBackend(ServerBackend):
    """Chat completions over ``/v1/chat/completions`` (vLLM, TGI, llama-server, llama_cpp.server, Ollama /v1)."""

    name: ClassVar[str] = "openai"
    display_name: ClassVar[str] = "OpenAI-compatible server"
    sends_top_p: ClassVar[bool] = True
    options: ServerOptions

    def request_model(self) -> str:
        """The `model` field of requests (servers that select adapters by model name override it)."""
        return self.options.model

    def extra_body(self) -> dict[str, Any]:
        return dict(self.options.extra_body) if isinstance(self.options, OpenAIOptions) else {}

    def _complete(self, request: CompletionRequest) -> Completion:
        body = chat_body(request, model=self.request_model(), stream=self.options.stream, tools=self.options.tools,
                         extra=self.extra_body(), top_p=self.sends_top_p)
        try:
            if not self.options.stream:
                return parse_chat_response(self.transport.json("POST", CHAT_PATH, json=body), self.display_name)
            with self.transport.stream("POST", CHAT_PATH, json=body) as response:
                if "text/event-stream" not in response.headers.get("content-type", "text/event-stream"):
                    response.read()  # a server that ignored `stream` and answered one JSON object
                    return parse_chat_response(response.json(), self.display_name)
                stream = ChatStream(self.display_name)
                for data in iter_sse(response.iter_lines()):
                    if not stream.feed(data):
                        break
                return stream.completion()
        except ServerError as exc:
            raise self.explain(exc) from None
        except ValueError:
            raise BackendError(f"{self.display_name} answered a body that is not JSON") from None

    def explain(self, exc: ServerError) -> BackendError:
        """Say more about errors a person can act on; everything else passes unchanged."""
        lower = exc.message.lower()
        if exc.status in (400, 404) and "model" in lower and ("not found" in lower or "does not exist" in lower):
            served = self.served_models()
            return BackendError(f"model {self.request_model()!r} is not served by {self.display_name} at "
                                f"{self.transport.server.base_url} (serves: {', '.join(served) or 'unknown'})")
        return exc

    def served_models(self) -> list[str]:
        """Ids listed by ``GET /v1/models``; empty when the server does not say."""
        try:
            body = self.transport.json("GET", "/v1/models", retry_statuses=())
        except BackendError:
            return []
        data = body.get("data") if isinstance(body, dict) else None
        return [str(m["id"]) for m in data or [] if isinstance(m, dict) and "id" in m]
