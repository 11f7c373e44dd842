#!/usr/bin/env bash
# Install everything smdownscale needs on Debian 12 and enable the plugin in QGIS.
# Idempotent: when all is in place it only checks, in a few seconds.
#   bash scripts/setup.sh          # plugin + runtime dependencies
#   bash scripts/setup.sh --test   # also the test tools (pytest, pytest-qgis)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
with_tests=0
[ "${1:-}" = "--test" ] && with_tests=1

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# Debian packages. rasterio MUST be Debian's (linked to the GDAL QGIS uses), never pip's.
debs=(qgis python3-qgis qgis-providers gdal-bin python3-gdal python3-rasterio python3-sklearn
      python3-scipy python3-xgboost python3-matplotlib python3-h5py python3-hdf4 python3-netcdf4 python3-pandas
      python3-distributed
      python3-pip python3-llvmlite)
[ $with_tests = 1 ] && debs+=(python3-pytest qttools5-dev-tools)  # lrelease: the .qm test
need=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# PyPI packages into the Python QGIS runs (/usr/bin/python3), pinned; never rasterio/GDAL.
PY=/usr/bin/python3
pips=(lightgbm==4.7.0 pykrige==1.7.3 catboost==1.2.10)
mods=(lightgbm pykrige catboost)
[ $with_tests = 1 ] && { pips+=(pytest-qgis==5.0.2); mods+=(pytest_qgis); }
if ! $PY -c "import $(IFS=,; echo "${mods[*]}")" 2>/dev/null; then
  echo "setup: installing from PyPI: ${pips[*]}"
  # Keep Debian's numpy and pandas: a pip numpy 2.x would break QGIS's own bindings.
  keep="$(mktemp)"
  $PY -c 'import numpy, pandas; print(f"numpy=={numpy.__version__}\npandas=={pandas.__version__}")' >"$keep"
  $SUDO $PY -m pip install -q --break-system-packages --no-warn-script-location -c "$keep" \
      "${pips[@]}"
  rm -f "$keep"
fi
# lleaves compiles LightGBM models to machine code (predict ~10x faster). --no-deps: it must
# run on Debian's python3-llvmlite (0.39) and numpy; pip's newest llvmlite breaks lleaves 1.3.
if ! $PY -c "import lleaves" 2>/dev/null; then
  echo "setup: installing from PyPI without dependencies: lleaves==1.3.0"
  $SUDO $PY -m pip install -q --break-system-packages --no-warn-script-location --no-deps \
      lleaves==1.3.0
fi
rio="$($PY -c 'import rasterio; print(rasterio.__file__)')"
case "$rio" in
  /usr/lib/python3/dist-packages/*) ;;
  *) echo "setup: ERROR: rasterio is imported from $rio, not Debian's python3-rasterio." \
          "A pip rasterio bundles its own GDAL and corrupts QGIS; remove it with" \
          "'$SUDO $PY -m pip uninstall --break-system-packages rasterio'." >&2; exit 1;;
esac

# Link the checkout into the QGIS profile under the package name 'smdownscale'.
config="${QGIS_CUSTOM_CONFIG_PATH:-$HOME/.local/share/QGIS/QGIS3}"
plugins="$config/profiles/default/python/plugins"
mkdir -p "$plugins"
if [ "$(readlink -f "$plugins/smdownscale" 2>/dev/null)" != "$here" ]; then
  rm -rf "$plugins/smdownscale"
  ln -s "$here" "$plugins/smdownscale"
  echo "setup: linked $plugins/smdownscale -> $here"
fi
ini="$config/profiles/default/QGIS/QGIS3.ini"
if ! grep -qs '^smdownscale=true' "$ini"; then
  "$here/scripts/qgis_process" plugins enable smdownscale >/dev/null
  echo "setup: enabled the plugin (qgis_process plugins enable smdownscale)"
fi
echo "setup: ready ($("$PY" -c 'import qgis.core as q; print("QGIS", q.Qgis.QGIS_VERSION)'))"
