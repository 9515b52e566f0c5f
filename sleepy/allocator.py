"""Give freed memory back to the system, so that one phase's peak does not stay resident under the next one's.

glibc serves an allocation from its heap unless it is larger than the mmap threshold, and raises that threshold
(up to 32 MiB) each time a chunk that large is freed. Training frees and reallocates activation tensors of a few
MiB each, every step: they soon come from the heap, whose freed holes glibc keeps. Measured with
`benchmarks/training_memory.py --sequence` on the default model (12 steps of 600-1335 tokens): the resident size
after each step stayed at 2.5-2.7 GiB and the peak reached 3.1 GiB; with the threshold fixed at 128 KiB (so every
such tensor is its own mapping, unmapped when freed) it stayed at 0.9-1.1 GiB and the peak was 2.6 GiB.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number
MMAP_THRESHOLD_BYTES = 128 * 1024
ENV_OVERRIDES = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_ARENA_MAX")
DISABLE_ENV = "SLEEPY_KEEP_MALLOC"


def return_freed_memory() -> bool:
    """Fix glibc's mmap threshold at 128 KiB for this process (and the processes it forks); True if it was set.

    Nothing is changed where the libc is not glibc, where the user tuned malloc through its environment
    variables, or with SLEEPY_KEEP_MALLOC=1.
    """
    if os.environ.get(DISABLE_ENV) == "1" or any(name in os.environ for name in ENV_OVERRIDES):
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt), or no libc to load
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
