#!/usr/bin/env bash
# Makes sure the Debian packages mocua needs are installed.
#   scripts/sysdeps.sh run   WeasyPrint's libraries (Pango) and a Times-compatible font
#   scripts/sysdeps.sh test  the above, plus what the test suite drives: poppler-utils
#                            (pdftoppm), zbar-tools (zbarimg), chromium, docker-compose
# As root it installs what is missing with apt-get; otherwise it names the packages.
# For `test`, a missing optional package only skips the tests that need it (they say why),
# unless MOCUA_REQUIRE_SERVICES=1, where it is an error.
set -euo pipefail
mode="${1:-run}"
required=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fontconfig)
optional=()
if [ "$mode" = test ]; then
  optional=(poppler-utils zbar-tools chromium docker-compose)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "sysdeps: not a Debian/Ubuntu system; install Pango >= 1.44 and a Times-compatible font by hand." >&2
  exit 0
fi

missing() {
  local out=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || out+=("$p")
  done
  echo "${out[@]:-}"
}

need=$(missing "${required[@]}")
want=$(missing "${optional[@]}")
all="$need $want"
if [ -n "${all// /}" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "sysdeps: installing $all"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $all >/dev/null
  else
    if [ -n "${need// /}" ]; then
      echo "sysdeps: missing Debian packages: $need" >&2
      echo "         install them with: sudo apt-get install $need" >&2
      exit 1
    fi
    echo "sysdeps: optional packages missing: $want"
    echo "         tests that need them will be skipped (sudo apt-get install $want to run them)"
    if [ "${MOCUA_REQUIRE_SERVICES:-0}" = 1 ]; then exit 1; fi
  fi
fi
