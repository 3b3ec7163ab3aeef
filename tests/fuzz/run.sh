#!/usr/bin/env bash
# Runs every libFuzzer harness for SECONDS each (default 30), seeded from
# the test fixtures (seeds.txt) and the saved crashes (regress/TARGET),
# under ASan+UBSan.  Builds the clang fuzz build in BUILD_DIR (default
# build-fuzz) first.  Exit 1 if any target found a crash: the input is
# left in BUILD_DIR/fuzz-artifacts/TARGET/; copy it into regress/TARGET/
# and it becomes a regression test of the ordinary builds.
#   tests/fuzz/run.sh 30                 # what contrib/test.sh runs (shorter)
#   tests/fuzz/run.sh 3600 build-fuzz extract   # one target, an hour
set -euo pipefail
secs=${1:-30}
root=$(cd "$(dirname "$0")/../.." && pwd)
bdir=${2:-$root/build-fuzz}
only=${3:-}
cd "$root"

cmake -S . -B "$bdir" -DCMAKE_C_COMPILER=clang -DAF_FUZZ=ON -DBUILD_TESTING=OFF \
  -DAF_JEMALLOC=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$bdir" --target af_fuzzers -j2 >/dev/null

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export AF_RULES_DIR="$root/config/normaliser"
failed=()
while read -r target dirs; do
  case "$target" in ''|'#'*) continue ;; esac
  [ -n "$only" ] && [ "$only" != "$target" ] && continue
  corpus="$bdir/fuzz-corpus/$target"
  art="$bdir/fuzz-artifacts/$target"
  mkdir -p "$corpus" "$art"
  seeddirs=() flags=()
  for d in $dirs; do   # libFuzzer reads directories: single files join the corpus
    case "$d" in
      -*) flags+=("$d") ;;
      *) if [ -d "$d" ]; then seeddirs+=("$d"); else cp "$d" "$corpus/"; fi ;;
    esac
  done
  # A fixed seed by default: every run (CI's included) walks the same
  # inputs first, so a short budget re-checks what was checked before
  # rather than a new random sample.  AF_FUZZ_SEED=0 picks a random one.
  if "$bdir/tests/fuzz/fuzz_$target" -max_total_time="$secs" -timeout=10 \
       -seed="${AF_FUZZ_SEED:-1}" \
       -rss_limit_mb=2048 -artifact_prefix="$art/" -print_final_stats=1 "${flags[@]}" \
       "$corpus" "tests/fuzz/regress/$target" "${seeddirs[@]}" >"$bdir/fuzz-$target.log" 2>&1; then
    echo "fuzz $target: clean for ${secs}s ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "$bdir/fuzz-$target.log" | grep -o '[0-9]*$') runs)"
  else
    echo "fuzz $target: FAILED, see $bdir/fuzz-$target.log; input in $art/"
    grep -m3 -E 'ERROR|SUMMARY|runtime error' "$bdir/fuzz-$target.log" ||
      tail -3 "$bdir/fuzz-$target.log"
    failed+=("$target")
  fi
done < tests/fuzz/seeds.txt
[ ${#failed[@]} -eq 0 ] || { echo "fuzz: crashes in ${failed[*]}"; exit 1; }
