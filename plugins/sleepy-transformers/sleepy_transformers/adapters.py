"""LoRA adapters on a loaded base model: load several, switch between them, unload; never reload the base.

PEFT injects the adapter layers into the base model's modules in place, so generation keeps calling
the base model object; this class only decides which adapter those layers apply. PEFT's own API is
used rather than transformers' adapter methods, which demand newer PEFT releases than exist.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from sleepy import BackendError


class AdapterSlots:
    """The PEFT adapters attached to one transformers model, and which one (if any) is active."""

    def __init__(self, model: Any) -> None:
        self._base = model
        self._peft: Any = None  # the PeftModel wrapper while at least one adapter is attached
        self._paths: dict[str, Path] = {}
        self.active: str | None = None

    @property
    def loaded(self) -> dict[str, Path]:
        """Loaded adapters by name, with the directory each came from."""
        return dict(self._paths)

    def load(self, path: str | Path, name: str) -> None:
        """Attach the PEFT adapter saved in `path` as `name`; the active adapter does not change."""
        from peft import PeftModel

        path = Path(path).expanduser().resolve()
        if not name:
            raise BackendError("an adapter needs a non-empty name")
        if name in self._paths:
            raise BackendError(f"an adapter named {name!r} is already loaded (from {self._paths[name]}); "
                               f"unload it first or choose another name")
        if not (path / "adapter_config.json").is_file():
            raise BackendError(f"{path} is not a PEFT adapter (no adapter_config.json); save adapters with "
                               f"save_pretrained on a PEFT model")
        try:
            with warnings.catch_warnings():
                # PEFT asks transformers 5 a deprecated question; users can do nothing about the warning
                warnings.filterwarnings("ignore", "`is_gradient_checkpointing` is deprecated", FutureWarning)
                if self._peft is None:
                    self._peft = PeftModel.from_pretrained(self._base, str(path), adapter_name=name,
                                                           is_trainable=False)
                else:
                    self._peft.load_adapter(str(path), adapter_name=name, is_trainable=False)
        except Exception as exc:  # PEFT raises ValueError, KeyError, RuntimeError for adapters that do not fit
            if not self._paths and self._peft is not None:
                self._peft.unload()
                self._peft = None
            text = str(exc).strip()
            raise BackendError(f"adapter {path} does not fit this model ({type(exc).__name__}: "
                               f"{text.splitlines()[0] if text else 'no message'})") from exc
        self._paths[name] = path
        self._apply()

    def set(self, name: str | None) -> None:
        """Make `name` the active adapter; None runs the base model alone."""
        if name is not None and name not in self._paths:
            loaded = ", ".join(sorted(self._paths)) or "none"
            raise BackendError(f"no adapter named {name!r} is loaded (loaded: {loaded}); call load_adapter first")
        self.active = name
        self._apply()

    def unload(self, name: str) -> None:
        """Detach `name` and free its weights; if it was active, the base model runs alone."""
        if name not in self._paths:
            loaded = ", ".join(sorted(self._paths)) or "none"
            raise BackendError(f"no adapter named {name!r} is loaded (loaded: {loaded})")
        del self._paths[name]
        if self.active == name:
            self.active = None
        if self._paths:
            self._peft.set_adapter(self.active or next(iter(self._paths)))  # PEFT warns when deleting the active one
            self._peft.delete_adapter(name)
        else:  # the last one: take the adapter layers out, leaving the original modules
            self._peft.unload()
            self._peft = None
        self._apply()

    def _apply(self) -> None:
        if self._peft is None:
            return
        if self.active is None:
            self._peft.base_model.disable_adapter_layers()
        else:
            self._peft.set_adapter(self.active)
            self._peft.base_model.enable_adapter_layers()
