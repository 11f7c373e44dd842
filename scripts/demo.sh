#!/usr/bin/env bash
# The main job on the bundled synthetic demo region, through qgis_process.
#   bash scripts/demo.sh [OUTPUT_DIR]      (default: ./demo_output)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "${1:-$here/demo_output}" && cd "${1:-$here/demo_output}" && pwd)"
bash "$here/scripts/setup.sh"
qp() { "$here/scripts/qgis_process" "$@" 2> >(grep -v 'dfMax should be strictly greater than dfMin' >&2); }

echo "== 1. Synthetic region with a known 1 km truth -> $out/region"
rm -rf "$out/region"
"$here/scripts/synthetic_region" "$out/region" --seed 42 --coarse-cols 8 --coarse-rows 8 --days 30 \
    --modis-tiles --hourly-stations

r="$out/region"
echo "== 2. The shipped model 'Soil moisture downscaling chain' (smdownscale:downscalingchain)"
echo "   through qgis_process: MODIS tiles (HDF4-EOS, QA-screened) and coarse stack -> NDVI"
echo "   -> antecedent precipitation -> slope/aspect"
echo "   -> train (LightGBM) -> predict (simple kriging, gap filling) -> fuse (GDA, kriging,"
echo "   30 % of the stations held out) -> validate (by network scale, beside the coarse product)"
inputs=()
for f in "$r"/smap/SMAP_L3_SM_P_*.tif; do inputs+=("--coarse_files=$f"); done
for f in "$r"/modis/MOD09GA.*.hdf; do inputs+=("--modis_reflectance_tiles=$f"); done
for f in "$r"/modis/MOD11A1.*.hdf; do inputs+=("--modis_lst_tiles=$f"); done
qp run smdownscale:downscalingchain "${inputs[@]}" --precipitation="$r/precip_1km.tif" \
    --dem="$r/dem_ease1km.tif" --static_predictors="$r/soil_sand.tif" \
    --static_predictors="$r/soil_clay.tif" --landcover="$r/landcover.tif" \
    --stations="$r/stations.gpkg" --station_id_field=station_id --value_field=sm \
    --date_field=date --group_field=scale --learner=4 --seasons=0 --residual_correction=2 \
    --fusion_method=0 --interpolation=0 \
    --train:model="$out/downscaler.smdm" --train:training_report="$out/training_report.html" \
    --predict:downscaled="$out/sm_1km_downscaled.tif" --fuse:fused="$out/sm_1km_fused.tif" \
    --fuse:holdout="$out/fusion_holdout.csv" \
    --validate:station_metrics="$out/station_metrics.gpkg" \
    --validate:summary="$out/validation_summary.csv" \
    --validate:consistency="$out/consistency.csv" \
    --validate:report="$out/validation_report.html" > "$out/model_log.txt"
echo "   log: $out/model_log.txt"

echo "== 3. Validation at the overpass time (smdownscale:validate): hourly station readings in"
echo "   UTC, as ISMN records them, paired with each SMAP AM band at its 06:00 local solar time"
echo "   (±1 h), with confidence intervals, anomaly R and triple collocation"
qp --json run smdownscale:validate --INPUT="$out/sm_1km_downscaled.tif" \
    --STATIONS="$r/stations_hourly.gpkg" --STATION_ID_FIELD=station_id --VALUE_FIELD=sm \
    --DATE_FIELD=time --GROUP_FIELD=scale --COARSE_SM="$r/smap_36km_stack.tif" \
    --PRODUCT_OVERPASS=1 --MATCHING=0 --OUTPUT_STATIONS="$out/station_metrics_overpass.gpkg" \
    --OUTPUT_SUMMARY="$out/validation_summary_overpass.csv" \
    --OUTPUT_STATISTICS="$out/station_statistics.csv" \
    --OUTPUT_STATISTICS_SUMMARY="$out/statistics_by_scope.csv" \
    --OUTPUT_TRIPLE_COLLOCATION="$out/triple_collocation.csv" \
    --OUTPUT_PAIRS="$out/pairs_overpass.csv" \
    --PRECIPITATION="$r/precip_1km.tif" --OUTPUT_REPORT="$out/validation_report_overpass.html" \
    > "$out/validate_overpass.json"

echo "== 4. Accuracy"
"$here/scripts/engine_python" "$here/scripts/demo_accuracy.py" "$out"
echo "Outputs: $out"
