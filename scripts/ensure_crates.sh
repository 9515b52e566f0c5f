# Sourced by scripts/test.sh. The offline-crate tests (plugins/sleepy-crates) build Debian's packaged crates
# from /usr/share/cargo/registry; install the small default set where we can (root with apt-get).
# CRATES_MISSING says what a caller loses when that fails; SLEEPY_CRATES overrides the set.
SLEEPY_CRATES="${SLEEPY_CRATES:-strsim}"
_sleepy_missing_crates=""
# Bash only (no ls, tr): the scripts' tests run this with a PATH of a few stubs.
_sleepy_crate_installed() {
  local dir
  for dir in "/usr/share/cargo/registry/$1-"[0-9]*; do
    [ -d "${dir}" ] && return 0
  done
  return 1
}
for _sleepy_crate in ${SLEEPY_CRATES}; do
  if ! _sleepy_crate_installed "${_sleepy_crate}"; then
    _sleepy_missing_crates="${_sleepy_missing_crates} librust-${_sleepy_crate//_/-}-dev"
  fi
done
if [ -n "${_sleepy_missing_crates}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    # shellcheck disable=SC2086  # one word per package
    (apt-get update -qq && apt-get install -y -qq ${_sleepy_missing_crates} >/dev/null) \
      || echo "note: could not install${_sleepy_missing_crates}; ${CRATES_MISSING:-the crate tests will be skipped}" >&2
  else
    echo "note:${_sleepy_missing_crates} not installed (install as root with apt-get);" \
      "${CRATES_MISSING:-the crate tests will be skipped}" >&2
  fi
fi
unset _sleepy_crate _sleepy_missing_crates
unset -f _sleepy_crate_installed
