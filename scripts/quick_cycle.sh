#!/usr/bin/env bash
# The main job: set up a virtualenv, install sleepy-coder and its plugins, and run one cycle.
# Steps that later issues build are reported as not built yet rather than faked.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[test]"
for plugin in plugins/*/; do
  [ -f "$plugin/pyproject.toml" ] && "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$plugin"
done
SLEEPY="$VENV/bin/sleepy"
"$SLEEPY" --version
"$SLEEPY" plugins --all
for step in koans day sleep gate report; do
  if "$SLEEPY" "$step" --help >/dev/null 2>&1; then
    echo "step '$step': available"
  else
    echo "step '$step': not built yet (see the open issues)"
  fi
done
