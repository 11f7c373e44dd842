#!/usr/bin/env bash
# Run the whole test suite in a real headless QGIS (installs what it needs first).
#   bash scripts/test.sh [pytest args]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh" --test
cd "$here"
export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/runtime-$(id -u)}"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
exec /usr/bin/python3 -m pytest "$@"
