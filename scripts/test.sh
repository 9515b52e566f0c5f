#!/usr/bin/env bash
# Runs every test environment (core, plugins, lint, types) with tox. README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."
# The sandbox isolates model-written code with bubblewrap; without it, the containment tests skip.
if ! command -v bwrap >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null) \
    || echo "note: could not install bubblewrap; sandbox containment tests will be skipped" >&2
fi
python3 -m pip install --quiet --disable-pip-version-check "tox>=4.20"
exec python3 -m tox "$@"
