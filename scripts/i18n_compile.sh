#!/usr/bin/env bash
# Compile the translation sources i18n/*.ts into the .qm files the plugin loads.
#   bash scripts/i18n_compile.sh        (needs Qt's lrelease: apt-get install qttools5-dev-tools)
# Refresh the sources from the code first with: /usr/bin/python3 scripts/i18n_update.py
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v lrelease >/dev/null || { echo "lrelease not found: apt-get install qttools5-dev-tools" >&2; exit 1; }
for ts in "$here"/i18n/*.ts; do
  lrelease -silent "$ts" -qm "${ts%.ts}.qm"
  echo "compiled ${ts%.ts}.qm"
done
