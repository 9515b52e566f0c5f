"""The split manifest: which split each koan belongs to, pinned by content hash.

Splits are fixed once, stratified by family. Adding koans assigns them splits; changing a koan of
the frozen regression suite needs an explicit re-freeze, which records a new suite version.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from attrs import evolve, frozen

from sleepy.errors import SleepyError
from sleepy.fileio import write_atomically
from sleepy.koans.model import Koan
from sleepy.records import SPLITS, Split

MANIFEST_FILE = "manifest.json"
# train : heldout : frozen = 3 : 2 : 1 (120 / 80 / 40 for 240 koans)
SPLIT_WEIGHTS: dict[Split, int] = {"train": 3, "heldout": 2, "frozen": 1}


class ManifestError(SleepyError):
    """The manifest is missing, malformed, or disagrees with the koans on disk."""


@frozen
class ManifestEntry:
    split: Split
    family: str
    sha256: str


@frozen
class Manifest:
    """Split and content hash of every koan, and the suite's version history."""

    suite_version: int
    entries: dict[str, ManifestEntry]
    history: tuple[dict[str, Any], ...] = ()

    def split_of(self, koan_id: str) -> Split:
        try:
            return self.entries[koan_id].split
        except KeyError:
            raise ManifestError(f"koan {koan_id!r} is not in the manifest; run `sleepy koans freeze`") from None

    def counts(self) -> dict[str, int]:
        return dict(Counter(e.split for e in self.entries.values()))

    def to_json(self) -> str:
        data = {
            "suite_version": self.suite_version,
            "history": list(self.history),
            "koans": {k: {"split": e.split, "family": e.family, "sha256": e.sha256}
                      for k, e in sorted(self.entries.items())},
        }
        return json.dumps(data, indent=1) + "\n"


def read_manifest(root: Path) -> Manifest:
    """The manifest of a koans directory."""
    path = root / MANIFEST_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{path}: no manifest; run `sleepy koans freeze --path {root}`") from None
    except ValueError as exc:
        raise ManifestError(f"{path}: invalid JSON: {exc}") from None
    try:
        entries = {}
        for koan_id, e in data["koans"].items():
            if e["split"] not in SPLITS:
                raise ManifestError(f"{path}: koan {koan_id!r}: split {e['split']!r} is not one of {SPLITS}")
            entries[koan_id] = ManifestEntry(e["split"], e["family"], e["sha256"])
        return Manifest(int(data["suite_version"]), entries, tuple(data.get("history", ())))
    except (KeyError, TypeError, AttributeError) as exc:
        raise ManifestError(f"{path}: malformed manifest (missing or wrong field {exc})") from None


def manifest_problems(koans: list[Koan], manifest: Manifest) -> list[str]:
    """Every disagreement between the koans on disk and the manifest."""
    problems = []
    on_disk = {k.id: k for k in koans}
    for koan_id, entry in sorted(manifest.entries.items()):
        koan = on_disk.get(koan_id)
        if koan is None:
            problems.append(f"{koan_id}: in the manifest ({entry.split}) but not on disk")
        elif koan.content_hash != entry.sha256:
            fix = ("`sleepy koans freeze --refreeze` to record a new suite version" if entry.split == "frozen"
                   else "`sleepy koans freeze` to record it")
            problems.append(f"{koan_id}: changed since the manifest was written ({entry.split} split); run {fix}")
        elif koan.family != entry.family:
            problems.append(f"{koan_id}: family is {koan.family!r}, manifest says {entry.family!r}")
        if koan is not None and koan.meta.split is not None and koan.meta.split != entry.split:
            problems.append(f"{koan_id}: koan.toml declares split {koan.meta.split!r} but the manifest has it in "
                            f"{entry.split!r}; splits are fixed once frozen: drop the `split` line, or remove the "
                            "koan's manifest entry and run `sleepy koans freeze` if no run has used it yet")
    for koan_id in sorted(set(on_disk) - set(manifest.entries)):
        problems.append(f"{koan_id}: not in the manifest; run `sleepy koans freeze` to assign it a split")
    return problems


def _order_key(koan_id: str) -> str:
    return hashlib.sha256(koan_id.encode()).hexdigest()


def assign_splits(koans: list[Koan], existing: dict[str, ManifestEntry], *, split: Split | None = None
                  ) -> dict[str, Split]:
    """Keep existing assignments; give a new koan the split its koan.toml declares, else `split`, else the split
    furthest below its share in its family."""
    by_family: dict[str, list[Koan]] = defaultdict(list)
    for koan in koans:
        by_family[koan.family].append(koan)
    total = sum(SPLIT_WEIGHTS.values())
    splits: dict[str, Split] = {}
    for members in by_family.values():
        counts: Counter[str] = Counter()
        for koan in members:
            chosen = existing[koan.id].split if koan.id in existing else koan.meta.split or split
            if chosen is not None:
                splits[koan.id] = chosen
                counts[chosen] += 1
        for koan in sorted((k for k in members if k.id not in splits), key=lambda k: _order_key(k.id)):
            n = sum(counts.values()) + 1
            share = max(SPLITS, key=lambda s: (SPLIT_WEIGHTS[s] * n / total - counts[s], SPLIT_WEIGHTS[s]))
            splits[koan.id] = share
            counts[share] += 1
    return splits


def freeze(root: Path, koans: list[Koan], *, refreeze: bool = False, note: str = "", split: Split | None = None
           ) -> tuple[Manifest, list[str]]:
    """Write the manifest for `koans`; return it with a line per change.

    New koans get the split their koan.toml declares, else `split` (an evaluation-only collection: "heldout"),
    else a stratified one. Changing or removing a frozen koan is refused unless `refreeze`, which bumps the
    suite version.
    """
    path = root / MANIFEST_FILE
    old = read_manifest(root) if path.exists() else Manifest(0, {})
    on_disk = {k.id: k for k in koans}
    touched_frozen = sorted(
        koan_id for koan_id, e in old.entries.items()
        if e.split == "frozen" and (koan_id not in on_disk or on_disk[koan_id].content_hash != e.sha256)
    )
    if touched_frozen and not refreeze:
        raise ManifestError(
            f"frozen koan(s) changed or removed: {', '.join(touched_frozen)}; the regression suite is pinned. "
            "Re-run with --refreeze to record a new suite version"
        )
    kept = {k: e for k, e in old.entries.items() if k in on_disk}
    splits = assign_splits(koans, kept, split=split)
    entries = {k.id: ManifestEntry(splits[k.id], k.family, k.content_hash) for k in koans}
    changes = [f"added {k} ({entries[k].split})" for k in sorted(set(entries) - set(old.entries))]
    changes += [f"removed {k} ({old.entries[k].split})" for k in sorted(set(old.entries) - set(entries))]
    changes += [f"updated {k} ({entries[k].split})" for k in sorted(set(entries) & set(old.entries))
                if entries[k].sha256 != old.entries[k].sha256]
    version = old.suite_version + 1 if (touched_frozen or old.suite_version == 0) else old.suite_version
    manifest = Manifest(version, entries, old.history)
    if changes:
        record = {"suite_version": version, "date": datetime.now(UTC).date().isoformat(),
                  "note": note or ("re-freeze" if touched_frozen else "freeze"), "changes": len(changes),
                  "frozen_changed": touched_frozen}
        manifest = evolve(manifest, history=(*old.history, record))
        write_atomically(path, manifest.to_json())
    return manifest, changes
