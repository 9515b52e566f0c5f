#!/usr/bin/env bash
# Install a default set of small pure-std Debian-packaged crates and build a verified task set from them
# (docs/crates-synthesis.md). Resumable: rerun with the same OUT and each crate's journal picks up where it
# stopped. Prints the yield table per operator and per crate.
#
#   scripts/fetch_crates.sh [OUT]            # default OUT: ./crate-tasks
#   SLEEPY_CRATES="strsim semver" SLEEPY_MAX_MUTANTS=0 scripts/fetch_crates.sh /tmp/tasks   # 0: every mutant
#
# Everything that builds runs under nice -n 19 with cargo -j 1 (the machine is shared).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-crate-tasks}"
crates="${SLEEPY_CRATES:-strsim semver vec_map version-compare json itoa either fnv}"
# A seeded sample per crate keeps the run near half an hour on 2 shared cores (json alone has ~1500 mutants).
max_mutants="${SLEEPY_MAX_MUTANTS:-400}"
python="${PYTHON:-python}"

missing=""
for crate in ${crates}; do
  if ! ls -d "/usr/share/cargo/registry/${crate}-"[0-9]* >/dev/null 2>&1; then
    missing="${missing} librust-$(echo "${crate}" | tr '_' '-')-dev"
  fi
done
if [ -n "${missing}" ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "error: missing${missing}; install them as root with apt-get" >&2
    exit 2
  fi
  apt-get update -qq
  # shellcheck disable=SC2086  # one word per package
  apt-get install -y -qq ${missing} >/dev/null
fi

args=(make --out "${out}")
for crate in ${crates}; do args+=(--crate "${crate}"); done
if [ "${max_mutants}" != 0 ]; then args+=(--max-mutants "${max_mutants}"); fi

export PYTHONPATH="${here}:${here}/plugins/sleepy-crates${PYTHONPATH:+:${PYTHONPATH}}"
exec nice -n 19 "${python}" -m sleepy_crates.synthesis "${args[@]}" "${@:2}"
