"""The README's demo command runs the shipped model end to end and prints its accuracy."""
import os
import re
import subprocess

import rasterio

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_demo_command_prints_accuracy(tmp_path):
    run = subprocess.run(["bash", os.path.join(REPO, "scripts", "demo.sh"), str(tmp_path)],
                         capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    line = next(l for l in run.stdout.splitlines() if "coarse 36 km product" in l)
    n, bias, rmse, ubrmse, r = line.split()[-5:]
    assert int(n) > 500000
    assert -0.04 < float(bias) < -0.015  # the generator's dry bias is −0.03
    assert 0.02 < float(ubrmse) < float(rmse) < 0.08
    assert 0.7 < float(r) < 1.0
    assert re.search(r"30 dates \(2019-06-01 … 2019-06-30\)", run.stdout)
    trained = next(l for l in run.stdout.splitlines() if "LightGBM at the coarse scale" in l)
    n, bias, rmse, ubrmse, r = trained.split()[-9:-4]
    assert int(n) > 30 and float(ubrmse) < 0.04 and float(r) > 0.7
    assert (tmp_path / "downscaler.smdm").exists()
    assert "data:image/png" in (tmp_path / "training_report.html").read_text(encoding="utf-8")
    coarse = [l for l in run.stdout.splitlines() if "coarse 36 km product" in l][1]
    down = next(l for l in run.stdout.splitlines() if "downscaled 1 km" in l)
    gaps = next(l for l in run.stdout.splitlines() if "gap-filled pixels" in l)
    n_c, _, _, ub_c, r_c = coarse.split()[-5:]
    n_d, _, _, ub_d, r_d = down.split()[-5:]
    assert int(n_d) == int(n_c) > 500000
    assert float(ub_d) <= 0.8 * float(ub_c), (ub_d, ub_c)  # issue 5: ≥ 20 % below
    assert float(r_d) > float(r_c)
    assert int(gaps.split()[-5]) > 10000 and float(gaps.split()[-1]) > 0.8
    # issue 17: from MODIS HDF4-EOS tiles, every land pixel of every date has a value
    assert re.search(r"Coverage: 100\.0 % of the land pixel-dates hold a value \(lowest date "
                     r"100\.0 %\)", run.stdout)
    # issue 21: how long predict took and whether LightGBM ran compiled, and if not why
    # (on this small region compiling the default 500-round models takes longer than the
    # learner on two threads: the learner runs)
    took = re.search(r"^Predict took \d+\.\d s \((the learners' own code|\d LightGBM model\(s\) "
                     r"through compiled code)\)\.(.*)$", run.stdout, re.M)
    assert took, run.stdout
    assert took.group(1)[0].isdigit() or "LightGBM predicts with its own code" in took.group(2)
    clouded = next(l for l in run.stdout.splitlines() if "pixels under clouds" in l)
    assert int(clouded.split()[-5]) > 100000 and float(clouded.split()[-1]) > 0.8
    assert float(clouded.split()[-2]) < float(ub_c)  # better than the coarse product there
    consistency = next(l for l in run.stdout.splitlines() if "aggregated back" in l)
    # not mass preserving by default: the map departs from the coarse product by about the
    # product's retrieval noise (σ 0.02 m³/m³ in the demo region), not more
    assert 1e-3 < float(re.search(r"RMSE ([0-9.e+-]+) m³/m³", consistency).group(1)) < 0.03
    fusion = re.search(r"RMSE ([\d.]+) -> ([\d.]+), MAE", run.stdout)
    assert float(fusion.group(2)) < 0.8 * float(fusion.group(1))  # issue 7: GDA kriging helps
    fused = next(l for l in run.stdout.splitlines() if "fused with the stations" in l)
    assert abs(float(fused.split()[-4])) < abs(float(down.split()[-4]))  # the dry bias removed
    at_stations = {l.split(":")[1].split()[0]: l.split()[-5:] for l in run.stdout.splitlines()
                   if l.strip().startswith("all, 16 stations:")}
    assert set(at_stations) == {"coarse", "downscaled"}
    assert at_stations["downscaled"][0] == at_stations["coarse"][0]  # the same pairs
    assert float(at_stations["downscaled"][3]) < float(at_stations["coarse"][3])  # ubRMSE
    assert "data:image/png" in (tmp_path / "validation_report.html").read_text(encoding="utf-8")
    # issue 19: hourly readings (UTC) paired at the SMAP AM overpass, with CIs and anomaly R
    ci = re.search(r"downscaled: ubRMSE ([\d.]+) \[([\d.]+), ([\d.]+)\], R ([\d.]+) "
                   r"\[([\d.]+), ([\d.]+)\]", run.stdout)
    ub, ub_low, ub_high, r, r_low, r_high = map(float, ci.groups())
    assert ub_low < ub < ub_high < 0.06 and r_low < r < r_high
    anomaly = re.search(r"anomaly R \(35-day moving average, station mean\) (-?[\d.]+)",
                        run.stdout)
    assert 0.0 < float(anomaly.group(1)) < 1.0
    import csv

    with open(tmp_path / "pairs_overpass.csv", encoding="utf-8") as f:
        pairs = list(csv.DictReader(f))
    assert len(pairs) > 300 and {p["rule"] for p in pairs} == {"nominal overpass"}
    assert {p["n_obs"] for p in pairs} == {"1"}  # one reading, the nearest, not a day mean
    with rasterio.open(tmp_path / "sm_1km_downscaled.tif") as ds:
        assert ds.count == 30 and ds.dtypes[0] == "float32" and ds.nodata == -9999
        assert ds.descriptions[0] == "2019-06-01"
    log = (tmp_path / "model_log.txt").read_text(encoding="utf-8")
    assert "Predicting 30 date(s)" in log and "Held-out stations" in log  # the model's steps
    for name in ("sm_1km_fused.tif", "fusion_holdout.csv", "station_metrics.gpkg",
                 "validation_summary.csv", "consistency.csv"):
        assert (tmp_path / name).exists(), name
