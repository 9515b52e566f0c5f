"""The shape of a ``{:?}`` value: what kind of value it is, without the values themselves.

``Some("Big dog")`` and ``Some("Red cat")`` have one shape, ``Some("{}")``; ``None`` has another.
A wrong value from the same bug changes from run to run, its shape does not, so the shapes of
``assert_eq!``'s left and right sides can go into an error signature.
"""

from __future__ import annotations

import re

STRING = '"{}"'
CHAR = "'{}'"
NUMBER = "{n}"

# One token at a time: literals first, so that brackets and commas inside them are not structure.
_TOKEN_RE = re.compile(
    r"""(?P<string>"(?:[^"\\]|\\.)*")
      | (?P<char>'(?:[^'\\\n]|\\[^'\n]{1,10})')
      | (?P<number>-?(?:0x[0-9a-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?|inf)(?!\w)|NaN(?!\w))
      | (?P<word>[A-Za-z_]\w*(?:::[A-Za-z_]\w*)*)
      | (?P<open>[\[({])
      | (?P<close>[\])}])
      | (?P<comma>,)
      | (?P<space>\s+)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
_LITERALS = {"string": STRING, "char": CHAR, "number": NUMBER, "space": " "}
_CLOSERS = {"[": "]", "(": ")", "{": "}"}

_Token = tuple[str, str]  # (kind, text)


class _Unbalanced(Exception):
    pass


def debug_shape(text: str) -> str:
    """Shape of a Debug-formatted value: literals -> ``"{}"``, ``'{}'``, ``{n}``; names and structure kept.

    A list keeps each run of equal element shapes once (``[1, 2, 3]`` and ``[7]`` are both ``[{n}]``),
    so the length of a wrong result does not matter, but an empty list stays ``[]``. A set or map
    (braces with no type name before them) keeps its distinct element shapes sorted, because a hash
    map prints its entries in a different order on every run. Unbalanced text is normalized token
    by token, without structure.
    """
    tokens: list[_Token] = [(m.lastgroup or "other", m.group(0)) for m in _TOKEN_RE.finditer(text.strip())]
    try:
        shape, end = _items(tokens, 0, in_group=False)
        if end < len(tokens):
            raise _Unbalanced  # a closing bracket that nothing opened
    except _Unbalanced:
        shape = "".join(_LITERALS.get(kind, value) for kind, value in tokens)
    return _squeeze(shape)


def _items(tokens: list[_Token], i: int, *, in_group: bool) -> tuple[str, int]:
    """Shape of the tokens from ``i`` up to a closing bracket (or, inside a group, a comma)."""
    out: list[str] = []
    while i < len(tokens):
        kind, value = tokens[i]
        if kind == "close" or (in_group and kind == "comma"):
            break
        if kind == "open":
            previous = "".join(out).rstrip()
            named = bool(re.search(r"\w$", previous))
            group, i = _group(tokens, i, named=named)
            out.append(group)
            continue
        out.append(_LITERALS.get(kind, value))
        i += 1
    return "".join(out), i


def _group(tokens: list[_Token], i: int, *, named: bool) -> tuple[str, int]:
    opener = tokens[i][1]
    elements: list[str] = []
    i += 1
    while True:
        element, i = _items(tokens, i, in_group=True)
        if element.strip():
            elements.append(_squeeze(element))
        if i >= len(tokens):
            raise _Unbalanced
        kind, value = tokens[i]
        i += 1
        if kind == "comma":
            continue
        if value != _CLOSERS[opener]:
            raise _Unbalanced
        return _render(opener, elements, named=named), i


def _render(opener: str, elements: list[str], *, named: bool) -> str:
    closer = _CLOSERS[opener]
    if opener == "[":
        runs = [e for k, e in enumerate(elements) if k == 0 or e != elements[k - 1]]
        return "[" + ", ".join(runs) + "]"
    if opener == "{" and not named:
        return "{" + ", ".join(sorted(set(elements))) + "}"
    if opener == "{":
        return "{ " + ", ".join(elements) + " }" if elements else "{}"
    return opener + ", ".join(elements) + closer


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
