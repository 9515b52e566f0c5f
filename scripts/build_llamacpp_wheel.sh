#!/usr/bin/env bash
# Builds llama-cpp-python once, CPU only, into a wheel folder and prints that folder. Compiling llama.cpp takes
# ~21 min on 2 cores, so everything that installs llama-cpp-python here (the live-llamacpp tox env, the llama-cpp
# setup of benchmarks/generation_speed.py) should find this wheel instead:
#
#   PIP_FIND_LINKS="$(scripts/build_llamacpp_wheel.sh)" tox -e live-llamacpp
#   pip install --find-links "$(scripts/build_llamacpp_wheel.sh)" llama-cpp-python==0.3.36
#
# A wheel already in the folder is reused (nothing is compiled). Environment:
#   SLEEPY_LLAMACPP_WHEELS  the folder (default: <sleepy cache>/wheels/llama_cpp, the cache being $SLEEPY_CACHE_DIR,
#                           else $XDG_CACHE_HOME/sleepy-coder, else ~/.cache/sleepy-coder: the transformers plugin's)
#   LLAMACPP_VERSION        llama-cpp-python version (default 0.3.36, the one tox.ini pins)
#   PYTHON                  the interpreter whose pip builds it (default python3); the wheel is for its Python version
#   CMAKE_ARGS              replaces the default CPU flags below
#   CMAKE_BUILD_PARALLEL_LEVEL  compile jobs (default: the number of cores)
# The default build targets this machine's CPU (GGML_NATIVE): the wheel is a local cache, not one to ship.
# Progress goes to stderr; stdout is only the folder, so the script can sit inside $(...).
set -euo pipefail

version="${LLAMACPP_VERSION:-0.3.36}"
python="${PYTHON:-python3}"
if [ -n "${SLEEPY_CACHE_DIR:-}" ]; then
  cache="${SLEEPY_CACHE_DIR}"
elif [ -n "${XDG_CACHE_HOME:-}" ]; then
  cache="${XDG_CACHE_HOME}/sleepy-coder"
else
  cache="${HOME}/.cache/sleepy-coder"
fi
wheels="${SLEEPY_LLAMACPP_WHEELS:-${cache}/wheels/llama_cpp}"
mkdir -p "${wheels}"

found="$(find "${wheels}" -maxdepth 1 -name "llama_cpp_python-${version}-*.whl" | head -n 1)"
if [ -n "${found}" ]; then
  echo "llama-cpp-python ${version}: reusing ${found}" >&2
  echo "${wheels}"
  exit 0
fi

# CPU only: no BLAS (llama.cpp's own kernels are faster than OpenBLAS for token-by-token decoding), no GPU
# backends, and no multimodal (mtmd/llava) library, which the benchmark and the live tests never load and
# which costs build time.
export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=ON -DGGML_BLAS=OFF -DGGML_CUDA=OFF -DGGML_VULKAN=OFF -DGGML_METAL=OFF -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF}"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
echo "llama-cpp-python ${version}: compiling llama.cpp into ${wheels} (CMAKE_ARGS=${CMAKE_ARGS}); this takes a while" >&2
started=$(date +%s)
# Build in a scratch folder and move the wheel in at the end, so an interrupted build leaves no half wheel
# that a later run would reuse.
scratch="$(mktemp -d "${wheels}/.build-XXXXXX")"
trap 'rm -rf "${scratch}"' EXIT
"${python}" -m pip wheel --no-deps --no-cache-dir --disable-pip-version-check -v \
  --wheel-dir "${scratch}" "llama-cpp-python==${version}" >&2
built="$(find "${scratch}" -maxdepth 1 -name 'llama_cpp_python-*.whl' | head -n 1)"
if [ -z "${built}" ]; then
  echo "error: pip finished but left no llama_cpp_python wheel in ${scratch}" >&2
  exit 1
fi
mv "${built}" "${wheels}/"
echo "llama-cpp-python ${version}: built $(basename "${built}") in $(( $(date +%s) - started )) s" >&2
echo "${wheels}"
