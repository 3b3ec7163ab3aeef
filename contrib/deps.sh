# Installs the Debian packages auditfeed needs to build and test, when any
# is missing.  Sourced by quickstart.sh and test.sh.
AF_BUILD_PACKAGES="build-essential cmake pkg-config libuv1-dev libcurl4-openssl-dev libpq-dev
  libxml2-dev zlib1g-dev libjansson-dev libsqlite3-dev libinih-dev libssl-dev
  libjemalloc-dev libpoppler-glib-dev libmicrohttpd-dev libnats-dev"
AF_TEST_PACKAGES="libcmocka-dev sqlite3 python3 ca-certificates nginx-light postgresql clang prometheus nats-server
  libclang-rt-14-dev lintian mmdebstrap"

af_install_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "auditfeed: installing ${missing[*]}" >&2
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
