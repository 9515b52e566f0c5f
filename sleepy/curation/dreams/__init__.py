"""Dreams: sandbox-verified variants of train koans, a training-pair source the sleep phase can turn on."""

from sleepy.curation.dreams.check import (
    SOURCE,
    CheckedDream,
    DreamReport,
    check_dreams,
    dream_examples,
    dream_pair,
    summarize,
)
from sleepy.curation.dreams.variants import Dream, make_dreams, train_parent

__all__ = ["SOURCE", "CheckedDream", "Dream", "DreamReport", "check_dreams", "dream_examples", "dream_pair",
           "make_dreams", "summarize", "train_parent"]
