"""Sleep-phase curation: episodes -> labelled training pairs -> a versioned, filtered dataset."""

from sleepy.curation.dataset import (
    DatasetVersion,
    curate,
    dataset_examples,
    dataset_file,
    read_dataset,
    write_dataset,
)
from sleepy.curation.examples import SOURCES, TrainingExample
from sleepy.curation.filters import SplitLeak, split_guard
from sleepy.curation.replay import replay_sample
from sleepy.curation.sources import final_code, own_fixes, reference_fixes, reference_target

__all__ = ["SOURCES", "DatasetVersion", "SplitLeak", "TrainingExample", "curate", "dataset_examples", "dataset_file",
           "final_code", "own_fixes", "read_dataset", "reference_fixes", "reference_target", "replay_sample",
           "split_guard", "write_dataset"]
