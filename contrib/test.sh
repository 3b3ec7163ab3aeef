#!/usr/bin/env bash
# The whole test suite: install what is missing, build twice (warnings as
# errors; then AddressSanitizer + UndefinedBehaviorSanitizer) and run every
# test on both builds.
set -euo pipefail
cd "$(dirname "$0")/.."
. contrib/deps.sh
# shellcheck disable=SC2086
af_install_packages $AF_BUILD_PACKAGES $AF_TEST_PACKAGES

jobs=$(nproc)
echo "== build: -Werror"
# BUILD_TESTING is named: the quick start configures the same build
# directory without tests, and a cached OFF would leave ctest nothing to run.
cmake -S . -B build -DAF_WERROR=ON -DBUILD_TESTING=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
echo "== tests: -Werror build"
ctest --test-dir build --no-tests=error --output-on-failure -j"$jobs"

echo "== build: ASan + UBSan"
cmake -S . -B build-asan -DAF_WERROR=ON -DBUILD_TESTING=ON -DAF_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$jobs"
echo "== tests: ASan + UBSan build"
# Plugin handles stay open until exit by design; LeakSanitizer still checks
# every allocation the core and plugins make.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
ctest --test-dir build-asan --no-tests=error --output-on-failure -j"$jobs"

# The Debian package check is mostly downloads (a clean root): it runs
# beside the fuzzers, which are all CPU.
echo "== package: cpack -G DEB, lintian, install in a clean Debian root (beside the fuzzers)"
./contrib/package.sh > build/package-check.log 2>&1 &
pkg=$!

echo "== fuzz: every libFuzzer harness, ${AF_FUZZ_SECONDS:=20}s each (clang, ASan + UBSan)"
# Longer runs: tests/fuzz/run.sh 3600 (README, "Fuzzing").
fuzz_rc=0
tests/fuzz/run.sh "$AF_FUZZ_SECONDS" || fuzz_rc=$?
pkg_rc=0
wait "$pkg" || pkg_rc=$?
cat build/package-check.log
case $pkg_rc in
  0) ;;
  77) echo "package: parts skipped on this machine (see above)" ;;
  *) echo "package: FAILED"; exit 1 ;;
esac
exit "$fuzz_rc"
