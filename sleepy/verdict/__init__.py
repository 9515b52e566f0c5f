"""The pass verdict: the guards that make it, and the functions every caller asks (koans, crate tasks)."""

from sleepy.verdict.guards import ALL_GUARDS, Guard
from sleepy.verdict.judge import judge
from sleepy.verdict.project_guards import ALL_PROJECT_GUARDS, ProjectGuard
from sleepy.verdict.project_judge import judge_project

__all__ = ["ALL_GUARDS", "ALL_PROJECT_GUARDS", "Guard", "ProjectGuard", "judge", "judge_project"]
