# Sourced by scripts/test.sh and scripts/quick_cycle.sh. The sandbox isolates model-written code with
# bubblewrap; without it `isolation: auto` falls back to the weaker unshare jail. Install it where we can
# (root with apt-get); BWRAP_MISSING says what a caller loses when that fails.
if ! command -v bwrap >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null) \
      || echo "note: could not install bubblewrap; ${BWRAP_MISSING}" >&2
  else
    echo "note: bubblewrap is not installed (install the bubblewrap package as root); ${BWRAP_MISSING}" >&2
  fi
fi
