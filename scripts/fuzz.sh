#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang, ASan + UBSan, in build/fuzz, apart from the
# GCC product build) and runs each one: first once over every input of its regressions directory
# (crashes found before, kept so they stay fixed), then for SECONDS on a copy of its seed corpus
# (build/fuzz/corpus-work: what libFuzzer adds never pollutes the repository).
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (default 10 s each, every target)
#   KEEP_GOING=1   run every target even after a failure (still exits 1 at the end)
#   FUZZ_JOBS=N    compile jobs (default 1: the fuzz build is small and must not starve others)
# Prints one line per target: "fuzz OK: <target> <runs> runs in <s> s"; on a crash it names the
# target and the input to reproduce it with (build/fuzz/<target> <file>) and exits 1.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds=${1:-10}
shift || true
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS] [TARGET...]" >&2; exit 2; }

# Debian packages: the product's libraries plus clang and its libFuzzer runtime.
scripts/install-deps.sh fuzz

build=build/fuzz
if [ ! -f "$build/build.ninja" ]; then
  cmake -S tests/fuzz -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang >/dev/null
fi
nice -n 15 cmake --build "$build" -j "${FUZZ_JOBS:-1}"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in tests/fuzz/*_fuzz.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi

mkdir -p "$build/logs" "$build/artifacts"
failed=()
fail() {  # fail <target> <log> <input>
  echo "fuzz FAILED: $1: crash input $3 (reproduce: $build/$1 $3; log: $2)" >&2
  # The sanitizer's or the invariant's message, and the stack frames in the project's code.
  grep -E 'invariant broken|ERROR:|runtime error|SUMMARY|^    #[0-9]+ .*/(src|tests/fuzz)/' "$2" | head -16 >&2 || true
  failed+=("$1")
  [ "${KEEP_GOING:-0}" = 1 ] || exit 1
}

for t in "${targets[@]}"; do
  bin="$build/$t"
  [ -x "$bin" ] || { echo "fuzz: no target $t" >&2; exit 2; }
  log="$build/logs/$t.log"

  # 1. The regressions: each file run once (libFuzzer runs the files it is given).
  bad=""
  for f in tests/fuzz/regressions/"$t"/*; do
    [ -f "$f" ] || continue
    if ! "$bin" -timeout=10 -rss_limit_mb=2048 "$f" >"$log" 2>&1; then bad="$f"; break; fi
  done
  if [ -n "$bad" ]; then fail "$t" "$log" "$bad"; continue; fi

  # 2. Fuzzing from a fresh copy of the seeds.
  work="$build/corpus-work/$t"
  rm -rf "$work" && mkdir -p "$work"
  cp tests/fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
  dict=()
  [ -f "tests/fuzz/dict/$t.dict" ] && dict=(-dict="tests/fuzz/dict/$t.dict")
  start=$(date +%s)
  if ! "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 "${dict[@]}" \
      -artifact_prefix="$build/artifacts/$t-" "$work" >"$log" 2>&1; then
    crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    fail "$t" "$log" "${crash:-(none written)}"
    continue
  fi
  runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
  echo "fuzz OK: $t ${runs:-?} runs in $(($(date +%s) - start)) s"
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]}" >&2
  exit 1
fi
