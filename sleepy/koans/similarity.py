"""Near-duplicate detection between koans on normalized token streams."""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable

from attrs import frozen

KEYWORDS = frozenset(
    "as break const continue crate else enum extern false fn for if impl in let loop match mod move mut pub ref "
    "return self Self static struct super trait true type unsafe use where while dyn".split()
)
TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|[A-Za-z_][A-Za-z0-9_]*|\d[\d_]*(?:\.\d+)?|\S')
DEFAULT_THRESHOLD = 0.85


def normalized_tokens(source: str) -> list[str]:
    """Tokens with comments dropped and identifiers, numbers and strings replaced by placeholders."""
    source = re.sub(r"//[^\n]*", "", source)
    out = []
    for token in TOKEN.findall(source):
        if token.startswith('"'):
            out.append("S")
        elif token[0].isdigit():
            out.append("N")
        elif token[0].isalpha() or token[0] == "_":
            out.append(token if token in KEYWORDS else "I")
        else:
            out.append(token)
    return out


def similarity(a: list[str], b: list[str]) -> float:
    """difflib ratio of two token lists, 0..1."""
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@frozen
class SimilarPair:
    a: str
    b: str
    ratio: float


def similar_pairs(sources: dict[str, str], threshold: float = DEFAULT_THRESHOLD,
                  pairs: Iterable[tuple[str, str]] | None = None) -> list[SimilarPair]:
    """Pairs of ids whose normalized sources are at least `threshold` similar."""
    tokens = {k: normalized_tokens(v) for k, v in sources.items()}
    candidates = pairs if pairs is not None else itertools.combinations(sorted(tokens), 2)
    found = []
    for a, b in candidates:
        ta, tb = tokens[a], tokens[b]
        # real_quick_ratio/quick_ratio are cheap upper bounds: skip pairs that cannot reach the threshold
        matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
        if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
            continue
        ratio = matcher.ratio()
        if ratio >= threshold:
            found.append(SimilarPair(a, b, ratio))
    return found
