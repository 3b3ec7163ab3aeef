# Shared by the nao end-to-end scripts (sourced after `set -u`): the test
# library, and the fixture NAO site served on 127.0.0.1.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# fail MSG: the test fails, with the end of the runs' log ($T/log).
fail() { echo "FAIL: $*"; echo "--- log"; tail -n 80 "$T/log" 2>/dev/null; exit 1; }

# nao_site NAME: ctest's environment (B, S), a scratch directory T
# (af-NAME-*), the nao plugin (skips when it is not built), and the fixture
# site (tests/fixtures/nao-site) copied to T/site, where a test may change
# it, and served by the fixture server (PORT, BASE).
nao_site() {
  ctest_env
  scratch T "$1"
  [ -f "$B/plugins/af_nao.so" ] || { echo "nao plugin not built"; exit 77; }
  cp -r "$S/tests/fixtures/nao-site" "$T/site"
  fixture_server "$T/site" || fail "fixture server did not start"
}
