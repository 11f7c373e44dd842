#!/usr/bin/env bash
# The main job on the bundled synthetic demo region, through qgis_process.
#   bash scripts/demo.sh [OUTPUT_DIR]      (default: ./demo_output)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "${1:-$here/demo_output}" && cd "${1:-$here/demo_output}" && pwd)"
bash "$here/scripts/setup.sh"
config="${QGIS_CUSTOM_CONFIG_PATH:-$HOME/.local/share/QGIS/QGIS3}"
export PYTHONPATH="$config/profiles/default/python/plugins${PYTHONPATH:+:$PYTHONPATH}"
qp() { "$here/scripts/qgis_process" "$@" 2> >(grep -v -e 'setapi() is deprecated' -e 'dfMax should be strictly greater than dfMin' >&2); }

echo "== 1. Synthetic region with a known 1 km truth -> $out/region"
rm -rf "$out/region"
/usr/bin/python3 -m smdownscale.engine.synthetic "$out/region" \
    --seed 42 --coarse-cols 8 --coarse-rows 8 --days 30

echo "== 2. Time stacks with smdownscale:buildtimestack (qgis_process)"
stack() {  # stack NAME BAND FILES...
  local name=$1 band=$2; shift 2
  local args=(); for f in "$@"; do args+=("--INPUT=$f"); done
  qp run smdownscale:buildtimestack "${args[@]}" --BAND="$band" --OUTPUT="$out/$name.tif" \
      | grep -E '^(BAND_COUNT|DATE_LIST)' | sed "s/^/   $name: /" | cut -c1-100
}
stack smap_36km_stack 1 "$out"/region/smap/SMAP_L3_SM_P_*.tif
stack modis_lst_stack 1 "$out"/region/modis/MOD11A1.*.tif
stack modis_red_b1_stack 1 "$out"/region/modis/MOD09GA.*.tif
stack modis_nir_b2_stack 2 "$out"/region/modis/MOD09GA.*.tif
stack modis_swir1_b6_stack 6 "$out"/region/modis/MOD09GA.*.tif

echo "== 3. NDVI stack with smdownscale:deriveindices (MODIS preset)"
refl=(); for f in "$out"/region/modis/MOD09GA.*.tif; do refl+=("--INPUT=$f"); done
qp run smdownscale:deriveindices "${refl[@]}" --SENSOR=0 --NDVI="$out/modis_ndvi_stack.tif" \
    | grep -E '^BAND_COUNT' | sed "s/^/   ndvi: /"

echo "== 4. Antecedent precipitation index with smdownscale:antecedentprecip"
r="$out/region"
qp run smdownscale:antecedentprecip --INPUT="$r/precip_1km.tif" --RETENTION=0.85 \
    --OUTPUT="$out/precip_api.tif" > /dev/null && echo "   precip_api.tif"

predictors=(--PREDICTORS="$out/modis_ndvi_stack.tif" --PREDICTORS="$out/modis_lst_stack.tif"
    --PREDICTORS="$r/dem_ease1km.tif" --PREDICTORS="$r/soil_sand.tif"
    --PREDICTORS="$r/soil_clay.tif" --PREDICTORS="$r/precip_1km.tif"
    --PREDICTORS="$out/precip_api.tif" --CATEGORICAL="$r/landcover.tif")

echo "== 5. Train the downscaler with smdownscale:train (LightGBM, random 70/15/15 split)"
qp run smdownscale:train --COARSE_SM="$out/smap_36km_stack.tif" "${predictors[@]}" \
    --MODEL=4 --MIN_COVERAGE=0.8 --SEED=42 \
    --OUTPUT_MODEL="$out/downscaler.smdm" --OUTPUT_REPORT="$out/training_report.html" \
    | grep -E '^(N_SAMPLES|N_DATES|TEST_R|TEST_UBRMSE)' | sed "s/^/   /"

echo "== 6. Predict 1 km soil moisture with smdownscale:predict (simple kriging, mass preserving)"
qp run smdownscale:predict --MODEL="$out/downscaler.smdm" "${predictors[@]}" \
    --COARSE_SM="$out/smap_36km_stack.tif" --RESIDUAL_CORRECTION=2 \
    --OUTPUT="$out/sm_1km_downscaled.tif" --QUALITY="$out/sm_1km_quality.tif" \
    --DATE_REPORT="$out/predict_dates.csv" \
    | grep -E '^(N_DATES|PREDICTED_PIXELS|GAP_FILLED_PIXELS|MASS_ERROR_MAX)' | sed "s/^/   /"

echo "== 7. Fuse the stations into the map with smdownscale:fuse (GDA, ordinary kriging, 30 % held out)"
qp run smdownscale:fuse --INPUT="$out/sm_1km_downscaled.tif" --STATIONS="$r/stations.gpkg" \
    --VALUE_FIELD=sm --DATE_FIELD=date --STATION_ID_FIELD=station_id --METHOD=0 \
    --INTERPOLATION=0 --HOLDOUT_FRACTION=0.3 --SEED=42 --OUTPUT="$out/sm_1km_fused.tif" \
    --OUTPUT_HOLDOUT="$out/fusion_holdout.csv" --DATE_REPORT="$out/fusion_dates.csv" \
    | grep -E '^(N_DATES_FUSED|N_HELD_OUT|HOLDOUT_RMSE_BEFORE|HOLDOUT_RMSE_AFTER)' | sed "s/^/   /"

echo "== 8. Validate the downscaled map against the stations with smdownscale:validate (before and after)"
qp run smdownscale:validate --INPUT="$out/sm_1km_downscaled.tif" --STATIONS="$r/stations.gpkg" \
    --STATION_ID_FIELD=station_id --VALUE_FIELD=sm --DATE_FIELD=date --GROUP_FIELD=scale \
    --COARSE_SM="$out/smap_36km_stack.tif" --OUTPUT_STATIONS="$out/station_metrics.gpkg" \
    --OUTPUT_SUMMARY="$out/validation_summary.csv" --OUTPUT_REPORT="$out/validation_report.html" \
    | grep -E '^(N_PAIRS|N_STATIONS|CONSISTENCY_RMSE)' | sed "s/^/   /"

echo "== 9. Accuracy"
/usr/bin/python3 "$here/scripts/demo_accuracy.py" "$out"
echo "Outputs: $out"
