"""Print which red-team cases pass when each guard is removed: `python -m tests.verdict.red_team_matrix`.

The table behind docs/results/red_team_matrix.md; a cell says PASS where that case gets through
with that one guard off. Every case is refused with all guards on; every guard column has a PASS.
"""

from __future__ import annotations

import sys

from sleepy.sandbox import Outcome, Sandbox
from sleepy.verdict import ALL_GUARDS, Guard
from tests.verdict.test_red_team import CASES, _judge


def main() -> int:
    sandbox = Sandbox()
    guards = sorted(Guard)
    print(f"isolation: {sandbox.isolation.value}; {len(CASES)} cases; a cell is the outcome with that guard removed\n")
    print("| case | all guards | " + " | ".join(f"no {g.value}" for g in guards) + " |")
    print("|---|---|" + "---|" * len(guards))
    load_bearing = dict.fromkeys(guards, 0)
    for name in sorted(CASES):
        cells = [_cell(_judge(sandbox, name).outcome)]
        for guard in guards:
            outcome = _judge(sandbox, name, ALL_GUARDS - {guard}).outcome
            load_bearing[guard] += outcome is Outcome.PASSED
            cells.append(_cell(outcome))
        print(f"| {name} | " + " | ".join(cells) + " |")
        sys.stdout.flush()
    print("\ncases that pass with the guard removed: "
          + ", ".join(f"{g.value} {n}" for g, n in load_bearing.items()))
    return 0


def _cell(outcome: Outcome) -> str:
    return "**PASS**" if outcome is Outcome.PASSED else outcome.value


if __name__ == "__main__":
    raise SystemExit(main())
