"""Changing one literal value, the same way everywhere in a koan's buggy file and its fix.

Whether the tests still hold with the new value is not guessed here: the sandbox re-check of the
variant decides, and a variant whose tests no longer pass (or no longer fail as declared) is dropped.
Only plain literals are candidates: decimal integers without a suffix (2 to 999999; 0 and 1 are too
often an index, an identity or a bound) and short strings of letters (no escapes, no format braces).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Collection, Mapping

from sleepy.curation.dreams.rename import CAMEL_WORDS, SNAKE_WORDS
from sleepy.sandbox.rust_tokens import Kind, tokenize

_INTEGER = re.compile(r"[1-9][0-9]{0,5}")
_WORD_STRING = re.compile(r'"[A-Za-z][A-Za-z ]{1,19}"')
_DELTAS = (1, 2, 3, 5, 10)
_U8_MAX = 255  # a literal that fits a u8 stays within one: the variable it lands in may be a u8


def literal_candidates(*sources: str) -> list[str]:
    """The source texts of the literals that may be changed, in a stable order."""
    found: set[str] = set()
    for source in sources:
        for tok in tokenize(source):
            text = source[tok.start:tok.end]
            number = tok.kind is Kind.NUMBER and _INTEGER.fullmatch(text) and int(text) >= 2
            if number or (tok.kind is Kind.STRING and _WORD_STRING.fullmatch(text)):
                found.add(text)
    return sorted(found)


def shared_literals(candidates: list[str], source: str) -> list[str]:
    """The candidates that occur at least twice in `source`: mostly a value the code and its tests share, so
    changing every occurrence together keeps the tests true more often (literal-only variants of the first 60
    train koans, 2 seeds: 43 of 105 verified when these came first, 33 of 102 for any literal; docs/dreams.md)."""
    counts = Counter(source[t.start:t.end] for t in tokenize(source) if t.kind in (Kind.NUMBER, Kind.STRING))
    return [c for c in candidates if counts[c] >= 2]


def choose_literal_change(candidates: list[str], rng: random.Random, *, taken: Collection[str] = ()) -> dict[str, str]:
    """One candidate literal -> a new value of the same kind that no candidate and nothing in `taken` has."""
    if not candidates:
        return {}
    avoid = set(candidates) | set(taken)
    old = rng.choice(candidates)
    if old.startswith('"'):
        value = old[1:-1]
        pool = CAMEL_WORDS if value[:1].isupper() else tuple(w for w in SNAKE_WORDS if "_" not in w)
        free = [f'"{w}"' for w in pool if f'"{w}"' not in avoid]
        return {old: rng.choice(free)} if free else {}
    number = int(old)
    delta = rng.choice(_DELTAS)
    new = number + delta
    if number <= _U8_MAX < new:
        new = number - delta
    if new < 2 or str(new) in avoid:
        return {}
    return {old: str(new)}


def apply_literals(source: str, mapping: Mapping[str, str]) -> str:
    """`source` with every number or string literal whose text is in `mapping` replaced."""
    if not mapping:
        return source
    out, pos = [], 0
    for tok in tokenize(source):
        if tok.kind in (Kind.NUMBER, Kind.STRING) and source[tok.start:tok.end] in mapping:
            out.append(source[pos:tok.start] + mapping[source[tok.start:tok.end]])
            pos = tok.end
    out.append(source[pos:])
    return "".join(out)
