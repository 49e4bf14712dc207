#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, when they are missing:
# Chromium for the browser tests, PostgreSQL for the production database run,
# the libraries WeasyPrint loads, gettext for makemessages to collect new strings
# (xgettext; the .mo files are built with Babel).
# Does nothing when all are present.
set -euo pipefail

packages=(chromium postgresql fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0
          libharfbuzz-subset0 poppler-utils gettext)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "Missing system packages: ${missing[*]}. Install them with your package manager." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Run as root: apt-get install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "Installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
