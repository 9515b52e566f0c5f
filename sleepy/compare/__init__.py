"""`sleepy compare`: arms x seeds x cycles on the same tasks, each (arm, seed) an ordinary, resumable run."""

from sleepy.compare.config import Arm, ArmSpec, CompareConfig, Comparison, load_comparison, merge
from sleepy.compare.run import CompareResult, run_comparison

__all__ = ["Arm", "ArmSpec", "CompareConfig", "CompareResult", "Comparison", "load_comparison", "merge",
           "run_comparison"]
