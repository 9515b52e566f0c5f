"""An adapter directory outside any run's registry (`sleepy eval --adapter PATH`), used where it lies.

It is validated like a registered adapter and gets an id from its files' content, so its episodes name
the same adapter on every run of the command (a rerun resumes) and another directory never shares it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sleepy.adapters.validation import validate_adapter
from sleepy.store import AdapterRecord

ID_PREFIX = "dir-"  # registered adapters are `a` + hex: the two kinds never share an id
EXTERNAL = "external"  # the record's status: in no registry


def content_id(path: Path) -> str:
    """`dir-` and the first 12 hex digits of the SHA-256 of every file's relative name and bytes."""
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        with file.open("rb") as fh:
            digest.update(hashlib.file_digest(fh, "sha256").digest())
    return ID_PREFIX + digest.hexdigest()[:12]


def adapter_from_directory(path: Path) -> AdapterRecord:
    """The adapter in `path` as a record no registry holds; raises `InvalidAdapter` naming what is wrong."""
    path = path.resolve()
    info = validate_adapter(path)
    metadata = dict(info.metadata)
    return AdapterRecord(id=content_id(path), parent_id=None, strategy=str(metadata.get("strategy", "")),
                         dataset_hash=metadata.get("dataset_hash"), base_model=info.base_model, status=EXTERNAL,
                         path=path, created_at="", metadata=metadata)
