#!/usr/bin/env bash
# Debian packages the PDF memo needs: Pango for WeasyPrint, and HarfBuzz's subsetter, without
# which WeasyPrint falls back to fontTools, whose font subsets differ with the hash seed (the
# memo would no longer be byte-identical across processes). Installs them when run as root
# (CI, a fresh VM); otherwise says what to install.
set -euo pipefail
missing=()
ldconfig -p | grep -q 'libharfbuzz-subset.so' || missing+=(libharfbuzz-subset0)
ldconfig -p | grep -q 'libpangoft2-1.0.so' || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; }
else
  echo "Missing system packages for the PDF memo: ${missing[*]} (sudo apt-get install -y ${missing[*]})" >&2
fi
