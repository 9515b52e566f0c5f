"""The `tgi` backend: text-generation-inference, by its Messages API or by ``/generate``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from sleepy import BackendError, Completion, CompletionRequest, Message
from sleepy_serving.errors import ServerError, error_message
from sleepy_serving.openai_backend import OpenAIBackend
from sleepy_serving.options import TGIOptions
from sleepy_serving.transport import Transport

GENERATE_PATH = "/generate"
FINISH_REASONS = {"eos_token": "stop", "stop_sequence": "stop", "length": "length"}


def render_prompt(messages: Sequence[Message], template: str) -> str:
    """A chat as one prompt string, for ``/generate`` (which applies no chat template)."""
    if template == "chatml":
        turns = "".join(f"<|im_start|>{m.role}\n{m.content}<|im_end|>\n" for m in messages)
        return turns + "<|im_start|>assistant\n"
    if template == "llama3":
        turns = "".join(f"<|start_header_id|>{m.role}<|end_header_id|>\n\n{m.content}<|eot_id|>" for m in messages)
        return "<|begin_of_text|>" + turns + "<|start_header_id|>assistant<|end_header_id|>\n\n"
    if template == "plain":
        return "".join(f"{m.role.capitalize()}: {m.content}\n\n" for m in messages) + "Assistant:"
    raise ValueError(f"unknown chat template {template!r}")


def generate_body(request: CompletionRequest, *, template: str, adapter_id: str | None) -> dict[str, Any]:
    """A ``/generate`` body. TGI refuses temperature 0, so greedy is ``do_sample: false`` without a temperature."""
    params = request.params
    parameters: dict[str, Any] = {
        "max_new_tokens": params.max_new_tokens,
        "seed": params.seed,
        "do_sample": params.temperature > 0,
        "return_full_text": False,
        "details": True,
    }
    if params.temperature > 0:
        parameters["temperature"] = params.temperature
    if params.stop:
        parameters["stop"] = list(params.stop)
    if adapter_id:
        parameters["adapter_id"] = adapter_id
    return {"inputs": render_prompt(request.messages, template), "parameters": parameters}


def parse_generate_response(body: Any) -> Completion:
    """``{"generated_text", "details": {finish_reason, generated_tokens, prefill?}}`` (or a list of one)."""
    if isinstance(body, list) and body:
        body = body[0]
    if not isinstance(body, dict) or "generated_text" not in body:
        raise BackendError(f"TGI answered /generate without generated_text: {error_message(body)}")
    details = body.get("details") or {}
    prefill = details.get("prefill")
    return Completion(text=str(body["generated_text"]),
                      tokens_in=len(prefill) if isinstance(prefill, list) else 0,
                      tokens_out=int(details.get("generated_tokens") or 0),
                      finish_reason=FINISH_REASONS.get(str(details.get("finish_reason")), "stop"))


class TGIBackend(OpenAIBackend):
    """TGI serves one model; LoRA adapters are fixed when it starts (LORA_ADAPTERS) and chosen per request."""

    name: ClassVar[str] = "tgi"
    display_name: ClassVar[str] = "TGI"
    start_hint: ClassVar[str] = "is text-generation-inference running and is `base_url` right?"
    sends_top_p: ClassVar[bool] = False  # TGI validates 0 < top_p < 1; leaving it out means no nucleus filter
    options: TGIOptions

    def __init__(self, options: TGIOptions, *, transport: Transport | None = None) -> None:
        super().__init__(options, transport=transport)
        self.known_adapters = set(options.adapters)

    def request_model(self) -> str:
        # The Messages API reads any `model` other than "tgi" as an adapter id.
        return self.adapter_id or "tgi"

    def _complete(self, request: CompletionRequest) -> Completion:
        if self.options.api == "messages":
            return super()._complete(request)
        body = generate_body(request, template=self.options.chat_template, adapter_id=self.adapter_id)
        return parse_generate_response(self.transport.json("POST", GENERATE_PATH, json=body))

    def explain(self, exc: ServerError) -> BackendError:
        return exc

    def info(self) -> dict[str, Any]:
        """``GET /info``: model_id, max_input_tokens, max_total_tokens, version, ..."""
        body = self.transport.json("GET", "/info")
        return body if isinstance(body, dict) else {}

    def load_adapter(self, path: str | Path, name: str) -> None:
        """Accept only adapters TGI was started with: it cannot load adapters at runtime."""
        if name not in self.known_adapters:
            raise BackendError(
                f"TGI loads LoRA adapters only when it starts: restart it with LORA_ADAPTERS={name}={Path(path)} "
                f"(a PEFT directory) and list {name!r} in the backend's `adapters` option")

    def set_adapter(self, name: str | None) -> None:
        if name is not None and name not in self.known_adapters:
            raise BackendError(f"adapter {name!r} is not among those TGI was started with "
                               f"({', '.join(sorted(self.known_adapters)) or 'none'})")
        self.adapter_id = name
