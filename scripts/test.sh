#!/usr/bin/env bash
# Runs every test environment (core, plugins, lint, types) with tox. README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."
BWRAP_MISSING="the bubblewrap containment tests will be skipped"
. scripts/ensure_bubblewrap.sh
CRATES_MISSING="the offline crate tests will be skipped (and fail under CI)"; . scripts/ensure_crates.sh
python3 -m pip install --quiet --disable-pip-version-check "tox>=4.20"
exec python3 -m tox "$@"
