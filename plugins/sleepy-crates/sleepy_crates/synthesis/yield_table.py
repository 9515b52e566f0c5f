"""The yield table: how many mutants landed in each bucket, per operator and per crate."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sleepy_crates.synthesis.records import BUCKETS, MutantResult

# {row name: {bucket: count}}
Counts = dict[str, dict[str, int]]


def count_by_operator(results: Iterable[MutantResult]) -> Counts:
    """{operator: {bucket: n}}, every bucket present, operators sorted."""
    table: Counts = {}
    for result in results:
        row = table.setdefault(result.operator, {b.value: 0 for b in BUCKETS})
        row[result.bucket.value] += 1
    return dict(sorted(table.items()))


def merge(tables: Iterable[Mapping[str, Mapping[str, int]]]) -> Counts:
    """Sum per-operator tables (of several crates) row by row."""
    merged: Counts = {}
    for table in tables:
        for name, row in table.items():
            into = merged.setdefault(name, {b.value: 0 for b in BUCKETS})
            for bucket, n in row.items():
                into[bucket] = into.get(bucket, 0) + n
    return dict(sorted(merged.items()))


def totals(table: Mapping[str, Mapping[str, int]]) -> dict[str, int]:
    """The sum of every row."""
    return {b.value: sum(row.get(b.value, 0) for row in table.values()) for b in BUCKETS}


def render(table: Mapping[str, Mapping[str, int]], first_column: str) -> str:
    """A Markdown table with a total row and the share kept."""
    head = [first_column, "mutants", *(b.value.replace("_", " ") for b in BUCKETS), "kept %"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    rows = [*table.items(), ("**total**", totals(table))]
    for name, row in rows:
        n = sum(row.values())
        share = f"{100 * row.get('kept', 0) / n:.0f}" if n else "-"
        lines.append("| " + " | ".join([name, str(n), *(str(row.get(b.value, 0)) for b in BUCKETS), share]) + " |")
    return "\n".join(lines)
