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
    --modis-tiles

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

echo "== 3. Accuracy"
"$here/scripts/engine_python" "$here/scripts/demo_accuracy.py" "$out"
echo "Outputs: $out"
