"""A training pair and where it came from."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from attrs import frozen

from sleepy.records import Message

SOURCES = ("own_fix", "exploration", "reference", "teacher")


@frozen
class TrainingExample:
    """A prompt (system + user messages) and the reply to learn, labelled with its origin."""

    messages: tuple[Message, ...]
    target: str
    source: str
    weight: float
    task_id: str
    family: str
    split: str
    error_signature: str | None
    episode_id: str | None
    final_code: str  # the file the target produces; what the test + clippy filter checked

    def key(self) -> str:
        """Identity for de-duplication: the same prompt and the same target."""
        blob = json.dumps([[m.role, m.content] for m in self.messages] + [self.target]).encode()
        return hashlib.sha256(blob).hexdigest()

    def to_chat_json(self) -> dict[str, Any]:
        """Chat-messages form that `datasets` and TRL load directly."""
        return {
            "messages": [{"role": m.role, "content": m.content} for m in self.messages]
            + [{"role": "assistant", "content": self.target}],
            "weight": self.weight,
            "source": self.source,
            "task_id": self.task_id,
            "family": self.family,
            "error_signature": self.error_signature,
            "episode_id": self.episode_id,
        }

    @classmethod
    def from_chat_json(cls, data: dict[str, Any]) -> TrainingExample:
        *prompt, answer = data["messages"]
        return cls(messages=tuple(Message(m["role"], m["content"]) for m in prompt), target=answer["content"],
                   source=data["source"], weight=float(data["weight"]), task_id=data["task_id"],
                   family=data["family"], split="train", error_signature=data.get("error_signature"),
                   episode_id=data.get("episode_id"), final_code="")
