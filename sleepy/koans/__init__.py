"""Rust koans: loading, splits and their manifest, similarity, verification."""

from sleepy.koans.loader import KoanFormatError, default_koans_dir, load_koan, load_koans
from sleepy.koans.manifest import Manifest, ManifestError, freeze, manifest_problems, read_manifest
from sleepy.koans.model import CRATE_PATH, Koan, KoanMeta, tests_module

__all__ = [
    "CRATE_PATH",
    "Koan",
    "KoanFormatError",
    "KoanMeta",
    "Manifest",
    "ManifestError",
    "default_koans_dir",
    "freeze",
    "load_koan",
    "load_koans",
    "manifest_problems",
    "read_manifest",
    "tests_module",
]
