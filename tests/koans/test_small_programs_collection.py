"""The checked-in collection that is not the project's own (examples/collections/small-programs, issue 16):
64 programs of other editions, binaries, compile errors without a code and lengths outside 10-40 load,
match their manifest, and verify, except the 4 that are broken on purpose, each for its own reason."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sleepy.koans import load_koans, manifest_problems, read_manifest
from sleepy.koans.lint import strict_problems
from sleepy.koans.verify import verify_koans
from sleepy.sandbox import Sandbox

COLLECTION = Path(__file__).resolve().parents[2] / "examples" / "collections" / "small-programs"
BROKEN = {  # id -> what verify must say (README.md, "The four broken programs")
    "sp_broken_01": "inside the test module",
    "sp_broken_02": "inside the test module",
    "sp_broken_03": "fix.rs does not pass its tests",
    "sp_broken_04": "lib.rs fails as passed, declared test_failure",
}


def test_the_collection_loads_whole_and_matches_its_manifest() -> None:
    koans = load_koans(COLLECTION)
    assert len(koans) == 64
    assert manifest_problems(koans, read_manifest(COLLECTION)) == []
    assert set(read_manifest(COLLECTION).counts()) == {"heldout"}  # frozen with --split heldout: evaluation only
    kinds = Counter((k.meta.target.kind, k.meta.target.edition) for k in koans)
    assert sum(n for (kind, _), n in kinds.items() if kind == "bin") == 13
    assert sum(n for (_, edition), n in kinds.items() if edition == "2015") == 6
    assert sum(n for (_, edition), n in kinds.items() if edition == "2024") == 5
    assert sum(k.meta.expected_failure == "compile_error" for k in koans) == 8
    assert sum(bool(strict_problems(k)) for k in koans) == 19  # what `verify --strict` would flag


def test_verify_passes_all_but_the_four_broken_programs() -> None:
    verdicts = verify_koans(load_koans(COLLECTION), Sandbox(), jobs=2, clippy=True)
    failed = {v.koan_id: "; ".join(v.problems) for v in verdicts if not v.ok}
    assert set(failed) == set(BROKEN), failed
    for koan_id, said in BROKEN.items():
        assert said in failed[koan_id], (koan_id, failed[koan_id])
