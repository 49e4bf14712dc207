#!/usr/bin/env bash
# Installs axe-core for the accessibility tests into a cache outside the repository
# (MICROCONF_NPM_CACHE, default ~/.cache/microconf-npm) and prints axe.min.js's path.
set -euo pipefail
PREFIX="${MICROCONF_NPM_CACHE:-$HOME/.cache/microconf-npm}"
AXE="$PREFIX/node_modules/axe-core/axe.min.js"
if [ ! -f "$AXE" ]; then
  mkdir -p "$PREFIX"
  npm install --prefix "$PREFIX" --no-audit --no-fund --silent axe-core@4 >&2
fi
echo "$AXE"
