#!/usr/bin/env bash
# The main job: from a fresh clone, set up a virtualenv with the core and the default plugins,
# fetch the default model (once), and run one full day -> sleep -> gate -> report cycle on a subset
# of koans with the real model. Prints where the plots are.
set -euo pipefail
cd "$(dirname "$0")/.."
# Model-written code runs in the sandbox; `sleepy` prints which isolation it got when it starts.
BWRAP_MISSING="the sandbox falls back to the weaker unshare jail"
. scripts/ensure_bubblewrap.sh
VENV=${VENV:-.venv}
# tox 4 (scripts/test.sh) leaves a `.venv` *file* naming one of its envs; keep this venv beside it then.
if [ -e "$VENV" ] && [ ! -d "$VENV" ]; then VENV=.venv-sleepy; fi
RUN_DIR=${RUN_DIR:-runs/quickstart}
LIMIT=${LIMIT:-12}
PIP=(python -m pip install --quiet --disable-pip-version-check)
started=$(date +%s)
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
# torch is pinned to the CPU build on this machine's disk; a looser spec would pull a multi-GB CUDA build.
"$VENV/bin/${PIP[0]}" "${PIP[@]:1}" -e . -e "plugins/sleepy-transformers" -c plugins/sleepy-transformers/constraints.txt
command -v cargo >/dev/null || { echo "error: a Rust toolchain (cargo, rustc, clippy) is required" >&2; exit 1; }
echo "== sleepy-coder $("$VENV/bin/sleepy" --version | awk '{print $NF}'): one cycle on $LIMIT train koans"
"$VENV/bin/sleepy" cycle -c examples/quickstart.yaml --run-dir "$RUN_DIR" --limit "$LIMIT"
echo "== done in $(( $(date +%s) - started )) s"
echo "plots:   $RUN_DIR/plots/pass_rate.png, repeat_error_rate.png, steps_to_green.png, family_heatmap.png"
echo "summary: $RUN_DIR/plots/summary.md"
cat "$RUN_DIR/plots/summary.md"
