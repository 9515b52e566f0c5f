"""Consistent renaming of the names a koan declares itself, token-aware, in its buggy file and its fix alike.

Only names the file declares (fn, struct, enum and variants, trait, type, const, static, fields,
`let`/`for`/parameter/closure bindings) are candidates, and a candidate is left alone whenever it may
also name something outside the file: used as a method or field of something the file does not
declare, as a path segment after a type the file does not declare, as a macro, imported by a `use`
from outside the crate, declared inside an impl of a foreign trait (`fmt`, `from`, `next`), or
mentioned inside a string literal (a `{name}` format argument, an expected panic message). Whatever
slips through is caught by the sandbox re-check, which drops the variant.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Mapping

from sleepy.sandbox.rust_tokens import Kind, Token, is_token, tokenize


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


KEYWORDS = _words("""
    as async await break const continue crate dyn else enum extern false fn for if impl in let loop match mod move
    mut pub ref return self Self static struct super trait true type union unsafe use where while abstract become
    box do final macro override priv typeof unsized virtual yield try gen macro_rules
    u8 u16 u32 u64 u128 usize i8 i16 i32 i64 i128 isize f32 f64 bool char str
    main tests test
""")

# Methods of std types a koan's own methods often share a name with (`self.cells.get(i)` next to its own `get`):
# such a name is left alone wherever it is called as a method, since a token cannot tell whose method it is.
STD_METHODS = _words("""
    get get_mut set len is_empty push pop insert remove contains iter iter_mut into_iter map filter next clone
    to_string as_str as_ref as_mut unwrap find count sum min max first last take split join parse trim entry extend
    retain sort keys values add sub mul div eq cmp fmt from into default drop deref hash ok err chars bytes lines
    clear swap reverse append drain truncate capacity starts_with ends_with borrow borrow_mut replace
""")

# Replacement names: plain, neutral words that are no keyword and no prelude item, so a rename can only
# collide with a name the file itself uses (which is checked).
SNAKE_WORDS = ("amount", "bucket", "cursor", "entry", "slot", "total", "limit", "label", "mark", "node", "piece",
               "record", "score", "share", "size", "stride", "tally", "goal", "unit", "weight", "window", "level",
               "point", "span", "ticket", "batch", "chunk", "item", "lane", "load", "note", "pair",
               "quota", "rank", "reading", "sample", "stock", "tier", "track", "volume", "width")
SNAKE_PREFIXES = ("next", "last", "raw", "base", "main", "extra", "spare", "local", "inner", "outer", "prev", "best")
CAMEL_WORDS = ("Ledger", "Depot", "Roster", "Tracker", "Gauge", "Bucket", "Archive", "Journal", "Keeper", "Counter",
               "Planner", "Profile", "Sensor", "Signal", "Shelf", "Parcel", "Station", "Voucher", "Beacon", "Harbor",
               "Lantern", "Meadow", "Quarry", "Summit", "Tablet", "Umbra", "Vessel", "Warden", "Pending", "Idle",
               "Busy", "Ready", "Closed", "Opened", "Empty", "Full", "Low", "High", "Broken", "Blank")
UPPER_WORDS = ("LIMIT", "CAPACITY", "THRESHOLD", "BASE", "FACTOR", "STRIDE", "SCALE", "OFFSET", "QUOTA", "CEILING",
               "FLOOR", "BUDGET", "SPAN", "WIDTH", "DEPTH")

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BACKTICKED = re.compile(r"`[^`\n]*`")


def _declared(tokens: list[Token]) -> tuple[dict[str, str], set[str], set[str]]:
    """Names the file declares -> their case class ("snake", "camel", "upper"); names declared as fn; as field."""
    names: dict[str, str] = {}
    fns: set[str] = set()
    fields: set[str] = set()

    def add(tok: Token, case: str) -> None:
        if tok.kind is Kind.IDENT and tok.value not in KEYWORDS:
            names.setdefault(tok.value, case)

    for i, tok in enumerate(tokens):
        if tok.kind is not Kind.IDENT:
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is None:
            break
        if tok.value == "fn" and nxt.kind is Kind.IDENT:
            add(nxt, "snake")
            fns.add(nxt.value)
            _params(tokens, i + 2, add)
        elif tok.value in ("struct", "enum", "trait", "type", "union") and nxt.kind is Kind.IDENT:
            add(nxt, "camel")
            if tok.value in ("struct", "enum", "union"):
                for member in _members(tokens, i + 2, variants=tok.value == "enum"):
                    add(member, "camel" if tok.value == "enum" else "snake")
                    if tok.value != "enum":
                        fields.add(member.value)
        elif tok.value in ("const", "static") and nxt.kind is Kind.IDENT and nxt.value not in ("fn", "mut"):
            add(nxt, "upper")
        elif tok.value in ("let", "for"):
            for binding in _pattern(tokens, i + 1, stop=("=", ";") if tok.value == "let" else ("in",)):
                add(binding, "snake")
    for i, tok in enumerate(tokens):
        if tok.kind is Kind.PUNCT and tok.value == "|" and _opens_closure(tokens, i):
            for binding in _pattern(tokens, i + 1, stop=("|",)):
                add(binding, "snake")
    return names, fns, fields


def _params(tokens: list[Token], i: int, add: Callable[[Token, str], None]) -> None:
    """The `name:` parameters of a fn signature starting at `tokens[i]` (after the fn's name)."""
    while i < len(tokens) and not is_token(tokens, i, Kind.PUNCT, "("):
        if is_token(tokens, i, Kind.PUNCT, "{", ";"):
            return
        i += 1
    depth = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind is Kind.PUNCT and tok.value in "([{<":
            depth += 1
        elif tok.kind is Kind.PUNCT and tok.value in ")]}>":
            if is_token(tokens, i - 1, Kind.PUNCT, "-") and tok.value == ">":
                pass  # an arrow inside a type such as Fn(u8) -> u8
            else:
                depth -= 1
            if depth == 0:
                return
        elif (depth == 1 and tok.kind is Kind.IDENT and is_token(tokens, i + 1, Kind.PUNCT, ":")
              and not is_token(tokens, i + 2, Kind.PUNCT, ":")
              and (is_token(tokens, i - 1, Kind.PUNCT, "(", ",") or is_token(tokens, i - 1, Kind.IDENT, "mut"))):
            add(tok, "snake")
        i += 1


def _members(tokens: list[Token], i: int, *, variants: bool) -> list[Token]:
    """Field names of a struct body (or variant names of an enum body) whose `{` follows `tokens[i]`."""
    while i < len(tokens) and not is_token(tokens, i, Kind.PUNCT, "{"):
        if is_token(tokens, i, Kind.PUNCT, ";", "("):
            return []  # a unit or tuple struct: no named fields
        i += 1
    members, depth, expect = [], 0, True
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind is Kind.PUNCT and tok.value in "([{":
            depth += 1
        elif tok.kind is Kind.PUNCT and tok.value in ")]}":
            depth -= 1
            if depth == 0:
                break
        elif depth == 1 and tok.kind is Kind.PUNCT and tok.value == ",":
            expect = True
        elif depth == 1 and expect and tok.kind is Kind.IDENT and tok.value != "pub":
            if variants or is_token(tokens, i + 1, Kind.PUNCT, ":"):
                members.append(tok)
            expect = False
        i += 1
    return members


def _pattern(tokens: list[Token], i: int, *, stop: tuple[str, ...]) -> list[Token]:
    """Bindings of a pattern that starts at `tokens[i]` and ends at the first `stop` token at its own depth:
    lower-case identifiers that are no path segment, constructor, field name or type."""
    bindings, depth = [], 0
    while i < len(tokens):
        tok = tokens[i]
        if depth == 0 and tok.value in stop and tok.kind in (Kind.PUNCT, Kind.IDENT):
            break
        if tok.kind is Kind.PUNCT and tok.value in "([{":
            depth += 1
        elif tok.kind is Kind.PUNCT and tok.value in ")]}":
            depth -= 1
            if depth < 0:
                break
        elif depth == 0 and _type_colon(tokens, i):
            i = _skip_type(tokens, i + 1, stop)  # `x: T`: the type names nothing bound here
            continue
        elif (tok.kind is Kind.IDENT and tok.value[:1].islower() and tok.value not in KEYWORDS
              and not is_token(tokens, i + 1, Kind.PUNCT, "(", "{", "!", ".")
              and not _path_separator(tokens, i + 1) and not _path_separator(tokens, i - 2)
              and not (depth > 0 and _type_colon(tokens, i + 1))):  # `Point { x: px }`: x is a field
            bindings.append(tok)
        i += 1
    return bindings


def _path_separator(tokens: list[Token], i: int) -> bool:
    """`tokens[i]` and `tokens[i + 1]` are `::`."""
    return is_token(tokens, i, Kind.PUNCT, ":") and is_token(tokens, i + 1, Kind.PUNCT, ":")


def _type_colon(tokens: list[Token], i: int) -> bool:
    """`tokens[i]` is a single `:` (a type annotation or a field), not half of `::`."""
    return (is_token(tokens, i, Kind.PUNCT, ":") and not is_token(tokens, i + 1, Kind.PUNCT, ":")
            and not is_token(tokens, i - 1, Kind.PUNCT, ":"))


def _skip_type(tokens: list[Token], i: int, stop: tuple[str, ...]) -> int:
    """The index of the `,` or `stop` token that ends a type starting at `tokens[i]`."""
    depth = 0
    while i < len(tokens):
        tok = tokens[i]
        if depth == 0 and tok.kind in (Kind.PUNCT, Kind.IDENT) and (tok.value in stop or tok.value == ","):
            return i
        if tok.kind is Kind.PUNCT and tok.value in "([{<":
            depth += 1
        elif tok.kind is Kind.PUNCT and tok.value in ")]}>" and not is_token(tokens, i - 1, Kind.PUNCT, "-"):
            depth -= 1
            if depth < 0:
                return i
        i += 1
    return i


def _opens_closure(tokens: list[Token], i: int) -> bool:
    """`tokens[i]` (a `|`) opens a closure's parameter list: it follows `(`, `,`, `=` or `move`, not `||`."""
    if is_token(tokens, i + 1, Kind.PUNCT, "|") or is_token(tokens, i - 1, Kind.PUNCT, "|"):
        return False
    return is_token(tokens, i - 1, Kind.PUNCT, "(", ",", "=") or is_token(tokens, i - 1, Kind.IDENT, "move")


def _foreign_impl_members(tokens: list[Token], local_types: set[str]) -> set[str]:
    """Names declared inside `impl Trait for Type` blocks of traits the file does not declare."""
    members: set[str] = set()
    for i, tok in enumerate(tokens):
        if tok.kind is not Kind.IDENT or tok.value != "impl":
            continue
        j, header = i + 1, []
        while j < len(tokens) and not is_token(tokens, j, Kind.PUNCT, "{", ";"):
            header.append(tokens[j])
            j += 1
        words = [t.value for t in header if t.kind is Kind.IDENT]
        if "for" not in words:
            continue
        trait = [w for w in words[: words.index("for")] if w not in KEYWORDS]
        if trait and trait[0] in local_types:
            continue
        depth = 0
        while j < len(tokens):
            t = tokens[j]
            if t.kind is Kind.PUNCT and t.value == "{":
                depth += 1
            elif t.kind is Kind.PUNCT and t.value == "}":
                depth -= 1
                if depth == 0:
                    break
            elif (depth == 1 and t.kind is Kind.IDENT and t.value in ("fn", "type", "const")
                  and is_token(tokens, j + 1, Kind.IDENT)):
                members.add(tokens[j + 1].value)
            j += 1
    return members


def _outside_names(tokens: list[Token], fns: set[str], fields: set[str], local_types: set[str]) -> set[str]:
    """Identifiers used in ways that may name something outside the file; never renamed."""
    outside: set[str] = set()
    strings = " ".join(t.value for t in tokens if t.kind is Kind.STRING)
    outside |= set(_WORD.findall(strings))
    attribute_depth = 0
    for i, tok in enumerate(tokens):
        if tok.kind is Kind.PUNCT and tok.value == "[" and (is_token(tokens, i - 1, Kind.PUNCT, "#")
                                                            or (is_token(tokens, i - 1, Kind.PUNCT, "!")
                                                                and is_token(tokens, i - 2, Kind.PUNCT, "#"))):
            attribute_depth = 1
            continue
        if attribute_depth:
            if tok.kind is Kind.PUNCT and tok.value == "[":
                attribute_depth += 1
            elif tok.kind is Kind.PUNCT and tok.value == "]":
                attribute_depth -= 1
            elif tok.kind is Kind.IDENT:
                outside.add(tok.value)
            continue
        if tok.kind is not Kind.IDENT:
            continue
        if is_token(tokens, i + 1, Kind.PUNCT, "!"):
            outside.add(tok.value)  # a macro
        if is_token(tokens, i - 1, Kind.PUNCT, "."):
            called = is_token(tokens, i + 1, Kind.PUNCT, "(") or is_token(tokens, i + 1, Kind.PUNCT, ":")
            if tok.value not in (fns if called else fields | fns) or (called and tok.value in STD_METHODS):
                outside.add(tok.value)
        if is_token(tokens, i - 1, Kind.PUNCT, ":") and is_token(tokens, i - 2, Kind.PUNCT, ":"):
            owner = tokens[i - 3] if i >= 3 else None
            if owner is None or owner.kind is not Kind.IDENT or (owner.value not in local_types
                                                                 and owner.value not in ("Self", "self", "super",
                                                                                         "crate")):
                outside.add(tok.value)
        if tok.value == "use":
            j = i + 1
            local = is_token(tokens, j, Kind.IDENT, "super", "crate", "self")
            while j < len(tokens) and not is_token(tokens, j, Kind.PUNCT, ";"):
                if not local and tokens[j].kind is Kind.IDENT:
                    outside.add(tokens[j].value)
                j += 1
    return outside


def rename_candidates(*sources: str) -> dict[str, str]:
    """Names declared in the sources that can be renamed consistently -> their case class."""
    tokens = [t for source in sources for t in tokenize(source)]
    names: dict[str, str] = {}
    fns: set[str] = set()
    fields: set[str] = set()
    for source in sources:
        declared, declared_fns, declared_fields = _declared(tokenize(source))
        for name, case in declared.items():
            names.setdefault(name, case)
        fns |= declared_fns
        fields |= declared_fields
    local_types = {name for name, case in names.items() if case == "camel"}
    blocked = _outside_names(tokens, fns, fields, local_types)
    for source in sources:
        blocked |= _foreign_impl_members(tokenize(source), local_types)
    return {name: case for name, case in names.items() if name not in blocked}


def choose_renames(candidates: Mapping[str, str], taken: Iterable[str], rng: random.Random, *,
                   share: float = 0.75) -> dict[str, str]:
    """A fresh name for about `share` of the candidates (at least one), in their case class, colliding with
    nothing in `taken` (every identifier the files use) or each other."""
    used = set(taken) | set(candidates)
    names = sorted(candidates)
    picked = [n for n in names if rng.random() < share] or ([rng.choice(names)] if names else [])
    mapping: dict[str, str] = {}
    for name in picked:
        case = candidates[name]
        words = {"camel": CAMEL_WORDS, "upper": UPPER_WORDS}.get(case, SNAKE_WORDS)
        free = [o for o in words if o not in used]
        if not free and case == "snake":  # a file with many names: two-word names
            free = [f"{p}_{w}" for p in SNAKE_PREFIXES for w in SNAKE_WORDS if f"{p}_{w}" not in used]
        if not free:
            continue
        new = rng.choice(free)
        used.add(new)
        mapping[name] = new
    return mapping


def identifiers(source: str) -> set[str]:
    """Every identifier in `source`."""
    return {t.value for t in tokenize(source) if t.kind is Kind.IDENT}


def apply_renames(source: str, mapping: Mapping[str, str]) -> str:
    """`source` with each identifier token in `mapping` renamed, and the same names inside `backticks` of
    comments, so a doc comment still names what it documents. Strings and other text are left alone."""
    if not mapping:
        return source
    out, pos = [], 0
    for tok in tokenize(source):
        out.append(_rename_in_comments(source[pos:tok.start], mapping))
        text = source[tok.start:tok.end]
        if tok.kind is Kind.IDENT and tok.value in mapping:
            text = ("r#" if text.startswith("r#") else "") + mapping[tok.value]
        out.append(text)
        pos = tok.end
    out.append(_rename_in_comments(source[pos:], mapping))
    return "".join(out)


def _rename_in_comments(gap: str, mapping: Mapping[str, str]) -> str:
    def in_span(span: re.Match[str]) -> str:
        return _WORD.sub(lambda w: mapping.get(w.group(0), w.group(0)), span.group(0))

    return _BACKTICKED.sub(in_span, gap) if "`" in gap else gap
