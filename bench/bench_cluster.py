"""Benchmark: Predict on a Dask cluster — wall time, per-task overhead, a scaling plan.

    /usr/bin/python3 bench/bench_cluster.py [--size 4000] [--dates 10] [--quick]
        [--workdir DIR] [--keep] [--tiny-units 20000] [--no-correction]

Inputs are bench_predict.py's (its builders are imported, not copied): a size ×
size grid of 1 km cells (EPSG:6933) with 10 predictors — 6 static single-band
layers and 4 dynamic layers, here with one dated band per date (``--dates``
consecutive days from 2020-07-01; each date's field is bench_predict's field
shifted by 37 km) — and a 32 × 32 coarse stack with the same dates. The model is
bench_predict's LightGBM fitted on 20,000 synthetic samples (12 features) but with
100 rounds × 31 leaves instead of the plugin's default rounds, so that one 4000 ×
4000 × 10-date run takes minutes (fitting is not timed). Each measurement runs in
a process of its own (GDAL cache 128 MB); its peak memory is that process's
(Linux VmHWM) — the client's, not the workers'. The load average of the machine
(/proc/loadavg, 1 min) is printed before and after each run: the 2 cores are
shared with other jobs, so the wall times are only as steady as the load.

1. Predict (``predict_stack``, windows of 512 × 512, one task = one window × one
   date): in this process (LightGBM on every core), inside
   ``cluster_session('local:2')`` (two worker processes started for the run; the
   start-up is timed apart and not in the wall time) and on an external scheduler
   with two 1-thread workers started beforehand as a user starts them
   (``python3 -m distributed.cli.dask_scheduler`` / ``dask_worker``,
   tests/cluster_helpers.ExternalCluster). Printed: wall time of the call, ratio
   to in-process, tasks (the units of every ``BlockWalker.map`` of the run: pass A's
   window × date predictions and, where the engine sends it to the cluster too, pass
   B's residual of each window), overhead per task = (cluster wall − in-process wall) /
   tasks (negative when the workers' parallel reads gain more than the cluster
   costs), bytes sent back to the client per task (the ``nbytes`` of the result's
   arrays: float64 values and the bool valid mask, ≈ 9 bytes per cell), the
   client's time blocked waiting for results and the client's own time (writing,
   DEFLATE compression, per-coarse-cell sums; with the correction also the scratch
   file and the rest of passes B and C), and whether the output equals the in-process
   output (``np.array_equal`` band by band, NaN = NaN). Also the CPU seconds the
   client (in-process: all its threads), the workers and the scheduler used
   during the call (/proc/PID/stat; all run on this machine), which depend far
   less on the load than wall times. Run without and then (after part 2) with the
   residual correction (simple kriging, mass preserving); ``--no-correction``
   skips the latter. The walker's ``map`` is wrapped in the measuring process
   only (counting results and timing around them); the engine is unchanged.
2. Scheduler overhead: ``--tiny-units`` units (default 20,000) of a trivial
   UnitTask (an 8 × 8 window → an 8 × 8 float32 array, 256 bytes) through
   ``BlockWalker.map`` in-process, inside ``cluster_session('local:2')`` and on
   the external scheduler: overhead per task = (cluster − in-process wall) /
   units, and the CPU milliseconds per task of client, workers and scheduler.
3. A scaling plan for 10⁷ land pixels × 3,650 dates in 512 × 512 windows, from
   the external runs' CPU costs (worker CPU per cell-date, client CPU per
   cell-date plus per task, scheduler CPU per task from part 2): tasks, bytes
   back to the client, read volume, worker core-hours, client and scheduler
   CPU-hours, the one-core workers needed to finish in a day and which part
   limits. Printed after part 2 and again with the correction's client cost.

``--quick``: 1000 × 1000 cells, 3 dates and 2,000 tiny units (a smoke run).
Input files sit in a temporary folder (or under ``--workdir``), removed at the
end unless ``--keep``; they are read once before the measurements (page cache).
"""
import argparse
import dataclasses
import datetime
import math
import os
import sys
import tempfile
import time

import numpy as np

import bench_predict as bp
from common import REPO, high_water_kib, remove_unless_kept, run_child, setup_path

setup_path()
from smdownscale.engine.raster.executors import UnitTask  # noqa: E402

LEARNER = "lightgbm"
ROUNDS, LEAVES = 100, 31
SAMPLES = 20000
SHIFT_KM = 37.0  # a dynamic field moves this far from one date to the next
TINY_BLOCK = 8
WORKERS = 2
DAY_S = 86400.0
PLAN_PIXELS, PLAN_DATES, PLAN_BLOCK = 10_000_000, 3650, 512


# --- inputs -----------------------------------------------------------------------------------

def iso_dates(n):
    first = datetime.date.fromisoformat(bp.DATE)
    return [(first + datetime.timedelta(days=d)).isoformat() for d in range(n)]


def make_dated_inputs(folder, size, dates):
    """bench_predict's inputs, then its dynamic layers and coarse stack again with one
    dated band per date."""
    from rasterio.windows import Window

    from smdownscale.engine.raster.timestack import StackWriter, write_stack

    bp.make_inputs(folder, size)
    grid = bp.fine_grid(size)
    x_km = (np.arange(size) + 0.5) * bp.CELL / 1000.0
    for layer, name in enumerate(bp.NAMES):
        if name not in bp.DYNAMIC:
            continue
        with StackWriter(os.path.join(folder, f"{name}.tif"), grid, count=len(dates),
                         descriptions=dates) as out:
            for band in range(1, len(dates) + 1):
                for row in range(0, size, bp.STRIP):
                    h = min(bp.STRIP, size - row)
                    y_km = -(row + np.arange(h) + 0.5) * bp.CELL / 1000.0
                    rng = np.random.default_rng([bp.SEED, layer, row, band])
                    field = bp.field_strip(layer, x_km + SHIFT_KM * (band - 1), y_km, rng)
                    out.write(band, field.astype("float32"), Window(0, row, size, h))
    coarse = bp.coarse_grid(size)
    cell_km = coarse.res[0] / 1000.0
    cc, rr = np.meshgrid(np.arange(bp.COARSE_CELLS), np.arange(bp.COARSE_CELLS))
    obs = []
    for band in range(len(dates)):
        rng = np.random.default_rng([bp.SEED, 99, size, band])
        o = 0.25 + 0.04 * bp.field_at(len(bp.NAMES) + band, (cc + 0.5) * cell_km,
                                      -(rr + 0.5) * cell_km, rng)
        o[rng.random(o.shape) < bp.COARSE_MISSING] = np.nan
        obs.append(np.clip(o, 0.02, 0.55))
    write_stack(os.path.join(folder, "coarse.tif"), coarse, np.stack(obs), descriptions=dates)


def warm(folder):
    """Read every input file once (page cache); return the predictors' bytes on disk."""
    on_disk = 0
    for name in bp.NAMES + ("coarse",):
        path = os.path.join(folder, f"{name}.tif")
        with open(path, "rb") as f:
            while f.read(1 << 24):
                pass
        on_disk += os.path.getsize(path) if name != "coarse" else 0
    return on_disk


# --- measuring inside a child -----------------------------------------------------------------

def load_1min():
    with open("/proc/loadavg", encoding="ascii") as f:
        return float(f.read().split()[0])


def result_nbytes(result):
    """Bytes of the arrays a unit's result carries back to the client."""
    if isinstance(result, np.ndarray):
        return result.nbytes
    values = vars(result).values() if dataclasses.is_dataclass(result) else ()
    return sum(v.nbytes for v in values if isinstance(v, np.ndarray))


class MapMeter:
    """Wraps ``BlockWalker.map`` in this process: counts results and their bytes, and
    splits the time into waiting for the next result (``wait_s``: in-process this is
    the computing) and the caller's own work between results (``caller_s``)."""

    def __init__(self):
        self.units = self.bytes = 0
        self.wait_s = self.caller_s = 0.0

    def install(self):
        from smdownscale.engine.raster.windows import BlockWalker

        original, meter = BlockWalker.map, self

        def measured_map(walker, compute, units=None):
            results = original(walker, compute, units)
            while True:
                t0 = time.perf_counter()
                try:
                    item = next(results)
                except StopIteration:
                    return
                t1 = time.perf_counter()
                meter.wait_s += t1 - t0
                meter.units += 1
                meter.bytes += result_nbytes(item[1])
                yield item
                meter.caller_s += time.perf_counter() - t1

        BlockWalker.map = measured_map
        return self


def cpu_seconds(pid):
    """User + system CPU seconds a process has used so far (/proc/PID/stat)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU seconds used by this process (the client; in-process: every thread), the
    cluster's workers and its scheduler (all on this machine) between two calls."""

    def __init__(self, executor):
        self.pids = {"client": [os.getpid()], "workers": [], "scheduler": []}
        if executor.distributed:
            self.pids["workers"] = list(executor.client.run(os.getpid).values())
            self.pids["scheduler"] = [executor.client.run_on_scheduler(os.getpid)]
        self.start = self.now()

    def now(self):
        return {k: sum(cpu_seconds(p) for p in pids) for k, pids in self.pids.items()}

    def used(self):
        end = self.now()
        return {k: end[k] - self.start[k] for k in end}


def fit(folder, models):
    """bench_predict.fit_model with ROUNDS × LEAVES (make_learner given those params)."""
    from smdownscale.engine.learn import learners

    original = learners.make_learner

    def smaller(key, seed=42, n_threads=0, stack_base=None, params=None):
        return original(key, seed, n_threads, stack_base,
                        dict(params or {}, n_estimators=ROUNDS, num_leaves=LEAVES))

    learners.make_learner = smaller
    try:
        return bp.fit_model(LEARNER, folder, models, SAMPLES)
    finally:
        learners.make_learner = original


def predict(folder, models, cluster, correction, out):
    """predict_stack inside cluster_session(cluster); the call alone is timed."""
    from smdownscale.engine.learn import learners
    from smdownscale.engine.predict.prediction import PredictOptions, predict_stack
    from smdownscale.engine.raster.executors import cluster_session

    model = bp._load(models, LEARNER)
    layers = bp._layers(folder)
    coarse = os.path.join(folder, "coarse.tif") if correction else None
    opts = PredictOptions(correction="simple_kriging" if correction else "none",
                          mass_preserving=bool(correction))
    meter = MapMeter().install()
    load0 = load_1min()
    t0 = time.perf_counter()
    with cluster_session(cluster) as executor:
        cpu = CpuMeter(executor)
        t1 = time.perf_counter()
        summary = predict_stack(model, layers, os.path.join(folder, out), coarse_path=coarse,
                                options=opts)
        t2 = time.perf_counter()
        cpu = cpu.used()
        threads = executor.workers if executor.distributed else learners.threads(0)
    return {"seconds": t2 - t1, "startup_s": t1 - t0, "stop_s": time.perf_counter() - t2,
            "threads": threads, "units": meter.units, "bytes": meter.bytes, "cpu": cpu,
            "wait_s": meter.wait_s, "caller_s": meter.caller_s,
            "predicted": summary["predicted"], "mass_error": summary["mass_error"],
            "load": [load0, load_1min()]}


class TinyTask(UnitTask):
    """A trivial unit: its window's shape filled with its index (float32)."""

    def __call__(self, unit):
        return np.full((unit.window.height, unit.window.width), unit.index, "float32")


def tiny(cluster, n_units):
    """n_units TinyTask units through BlockWalker.map inside cluster_session(cluster)."""
    from smdownscale.engine.raster.executors import cluster_session
    from smdownscale.engine.raster.windows import BlockWalker

    side = math.ceil(math.sqrt(n_units)) * TINY_BLOCK
    walker = BlockWalker(bp.fine_grid(side), TINY_BLOCK)
    units = walker.units()[:n_units]
    meter = MapMeter().install()
    load0 = load_1min()
    with cluster_session(cluster) as executor:
        cpu = CpuMeter(executor)
        t0 = time.perf_counter()
        total = sum(float(result[0, 0]) for _, result in walker.map(TinyTask(), units))
        seconds = time.perf_counter() - t0
        cpu = cpu.used()
    if total != n_units * (n_units - 1) / 2:
        raise SystemExit(f"tiny tasks: wrong results (sum {total})")
    return {"seconds": seconds, "units": meter.units, "bytes": meter.bytes, "cpu": cpu,
            "load": [load0, load_1min()]}


def run_one(mode, args):
    bp._setup_path()
    if mode == "fit":
        result = fit(*args)
    elif mode == "predict":
        folder, models, cluster, correction, out = args
        result = predict(folder, models, cluster, correction == "1", out)
    elif mode == "tiny":
        result = tiny(args[0], int(args[1]))
    else:
        raise SystemExit(f"unknown mode {mode}")
    result["peak_mb"] = high_water_kib() / 1024
    import json

    print(json.dumps(result))


# --- the driver -------------------------------------------------------------------------------

def same_output(path_a, path_b):
    """True when both stacks have the same dtype, band descriptions and values (NaN = NaN)."""
    import rasterio

    with rasterio.open(path_a) as a, rasterio.open(path_b) as b:
        if a.count != b.count or a.dtypes != b.dtypes or a.descriptions != b.descriptions:
            return False
        return all(np.array_equal(a.read(k), b.read(k), equal_nan=True)
                   for k in range(1, a.count + 1))


def start_external(folder):
    """An external scheduler with WORKERS 1-thread workers (tests/cluster_helpers.py)."""
    sys.path.insert(0, os.path.join(REPO, "tests"))
    from cluster_helpers import ExternalCluster

    os.makedirs(folder, exist_ok=True)
    cluster = ExternalCluster(folder).start()
    try:
        cluster.add_workers(WORKERS)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def predict_rows(folder, models, clusters, correction):
    """Run predict on every cluster; return {label: result} with 'same' filled in."""
    rows = {}
    tag = "krige" if correction else "none"
    for label, text in clusters.items():
        out = f"out_{tag}_{label}.tif"
        r = run_child(__file__, "predict", folder, models, text, "1" if correction else "0", out)
        r["out"] = os.path.join(folder, out)
        rows[label] = r
        print(f"#   {tag} {label}: {r['seconds']:.1f} s (load {r['load'][0]:.2f} → "
              f"{r['load'][1]:.2f})", flush=True)
    base = rows["in-process"]["out"]
    for r in rows.values():
        r["same"] = same_output(base, r["out"])
    return rows


def report_predict(rows, cell_dates, correction):
    base = rows["in-process"]
    title = "simple kriging, mass preserving" if correction else "no correction"
    print(f"\n## predict, {title}: {cell_dates / 1e6:.0f} M cell-dates, "
          f"{base['units']} tasks of ≤ {bp.BLOCK} × {bp.BLOCK} cells")
    print(f"{'run':11s} {'wall s':>7s} {'ratio':>5s} {'thr':>3s} {'tasks':>5s} "
          f"{'ovh ms/task':>11s} {'KB back/task':>12s} {'wait s':>6s} {'client s':>8s} "
          f"{'CPU s: client':>13s} {'workers':>7s} {'sched':>5s} {'start s':>7s} "
          f"{'peak MB':>7s} {'load':>11s}  same bytes")
    for label, r in rows.items():
        overhead = (r["seconds"] - base["seconds"]) / r["units"] * 1000 if r["units"] else 0
        client = r["seconds"] - r["wait_s"]
        cpu = r["cpu"]
        print(f"{label:11s} {r['seconds']:7.1f} {r['seconds'] / base['seconds']:5.2f} "
              f"{r['threads']:3d} {r['units']:5d} {overhead:11.1f} "
              f"{r['bytes'] / max(r['units'], 1) / 1024:12.0f} {r['wait_s']:6.1f} "
              f"{client:8.1f} {cpu['client']:13.1f} {cpu['workers']:7.1f} "
              f"{cpu['scheduler']:5.1f} {r['startup_s']:7.1f} {r['peak_mb']:7.0f} "
              f"{r['load'][0]:5.2f}→{r['load'][1]:<5.2f}  "
              f"{'yes' if r['same'] else 'NO'}")
    print("(overhead per task = (cluster wall − in-process wall) / tasks; KB back = nbytes of "
          "the result arrays; client s = wall − time blocked waiting for results (writing, "
          "compression, sums and, with a correction, the scratch file and passes B and C "
          "but what the cluster computes); in-process 'wait' is "
          "the computing itself; CPU s from /proc of the client (in-process: all its "
          "threads), the workers and the scheduler; start = cluster start/connect, not in "
          "the wall)")
    sys.stdout.flush()


def report_tiny(rows):
    base = rows["in-process"]
    print(f"\n## scheduler overhead: {base['units']} tiny tasks "
          f"({TINY_BLOCK} × {TINY_BLOCK} float32 results)")
    print(f"{'run':11s} {'wall s':>7s} {'tasks/s':>8s} {'ms/task':>8s} {'ovh ms/task':>11s} "
          f"{'CPU ms/task: client':>19s} {'workers':>7s} {'sched':>6s} {'load':>11s}")
    for label, r in rows.items():
        n = r["units"]
        overhead = (r["seconds"] - base["seconds"]) / n * 1000
        cpu = {k: v / n * 1000 for k, v in r["cpu"].items()}
        print(f"{label:11s} {r['seconds']:7.2f} {n / r['seconds']:8.0f} "
              f"{r['seconds'] / n * 1000:8.3f} {overhead:11.3f} {cpu['client']:19.3f} "
              f"{cpu['workers']:7.3f} {cpu['scheduler']:6.3f} "
              f"{r['load'][0]:5.2f}→{r['load'][1]:<5.2f}")
    print("(overhead per task = (cluster wall − in-process wall) / tasks; at most 4 tasks "
          "per worker thread are in flight; CPU per task from /proc)")
    sys.stdout.flush()


def measured_figures(size, dates, none_rows, krige_rows, tiny_rows, disk_ratio, label):
    """The per-cell and per-task costs the plan scales, from the runs on ``label``."""
    cell_dates = size * size * dates
    run, tiny_run = none_rows[label], tiny_rows[label]
    client = {"no correction": run["cpu"]["client"] / cell_dates}
    if krige_rows:
        client["kriging + mass"] = krige_rows[label]["cpu"]["client"] / cell_dates
    return {"worker_cpu_per_cell": run["cpu"]["workers"] / cell_dates,
            "in_process_cpu_per_cell": none_rows["in-process"]["cpu"]["client"] / cell_dates,
            "bytes_per_cell": run["bytes"] / cell_dates,
            "read_bytes_per_cell": 4.0 * len(bp.NAMES), "disk_ratio": disk_ratio,
            "out_bytes_per_cell": os.path.getsize(run["out"]) / cell_dates,
            "sched_cpu_per_task": run["cpu"]["scheduler"] / run["units"],
            "sched_cpu_per_tiny_task": tiny_run["cpu"]["scheduler"] / tiny_run["units"],
            "client_cpu_per_tiny_task": tiny_run["cpu"]["client"] / tiny_run["units"],
            "wall_overhead_per_task": (tiny_run["seconds"] - tiny_rows["in-process"]["seconds"])
            / tiny_run["units"],
            "source": label, "client_cpu_per_cell": client}


def plan(m):
    """Print the scaling plan for PLAN_PIXELS land pixels × PLAN_DATES dates."""
    cells_w = PLAN_BLOCK * PLAN_BLOCK
    per_date = math.ceil(PLAN_PIXELS / cells_w)
    tasks = per_date * PLAN_DATES
    cells = per_date * cells_w * PLAN_DATES  # cell-dates computed (whole windows)
    worker_s = m["worker_cpu_per_cell"] * cells
    task_s = m["worker_cpu_per_cell"] * cells_w
    workers_day = math.ceil(worker_s / DAY_S)
    sched_s = tasks * m["sched_cpu_per_task"]
    busy = task_s / m["sched_cpu_per_task"] if m["sched_cpu_per_task"] > 0 else float("inf")
    back = m["bytes_per_cell"] * cells
    read_disk = m["read_bytes_per_cell"] * cells * m["disk_ratio"]
    clients = {k: v * cells for k, v in m["client_cpu_per_cell"].items()}
    print(f"\n## scaling plan: {PLAN_PIXELS:.0e} land pixels × {PLAN_DATES} dates, windows "
          f"{PLAN_BLOCK} × {PLAN_BLOCK} (CPU costs measured on the '{m['source']}' runs)")
    table = [
        ("tasks per date", f"{per_date}", "land assumed to fill whole windows (count the "
         "windows your land mask touches)"),
        ("tasks in all", f"{tasks:,}", f"{cells:.2e} cell-dates computed"),
        ("worker CPU per task", f"{task_s:.2f} s",
         f"{m['worker_cpu_per_cell'] * 1e6:.2f} µs per cell-date on a worker (in-process, "
         f"all threads: {m['in_process_cpu_per_cell'] * 1e6:.2f} µs)"),
        ("worker core-hours", f"{worker_s / 3600:,.0f}", ""),
        ("workers (1 core each), 1 day", f"{workers_day}", "if nothing else limits"),
        ("bytes back to the client", f"{back / 1e12:.2f} TB",
         f"{m['bytes_per_cell']:.1f} B per cell-date; {back / DAY_S / 1e6:.0f} MB/s over a day"),
        ("read volume (on disk)", f"{read_disk / 1e12:.2f} TB",
         f"{m['read_bytes_per_cell']:.0f} B per cell-date decompressed (every layer, every "
         f"task) × DEFLATE ratio {m['disk_ratio']:.2f}; {read_disk / DAY_S / 1e6:.0f} MB/s "
         "over a day"),
        ("output written (on disk)", f"{m['out_bytes_per_cell'] * cells / 1e12:.2f} TB",
         f"{m['out_bytes_per_cell']:.2f} B per cell-date"),
        ("scheduler CPU", f"{sched_s / 3600:.2f} h",
         f"{m['sched_cpu_per_task'] * 1e3:.1f} ms per predict task (it relays the results); "
         f"tiny tasks: {m['sched_cpu_per_tiny_task'] * 1e3:.1f} ms CPU, "
         f"{m['wall_overhead_per_task'] * 1e3:.1f} ms wall overhead on this loaded machine"),
        ("workers one scheduler keeps busy", f"{busy:,.0f}", "worker CPU per task / "
         "scheduler CPU per task"),
    ]
    for name, seconds in clients.items():
        table.append((f"client CPU, {name}", f"{seconds / 3600:,.1f} h",
                      f"{m['client_cpu_per_cell'][name] * 1e9:.0f} ns per cell-date, one "
                      f"client (tiny tasks: {m['client_cpu_per_tiny_task'] * 1e3:.1f} ms "
                      "per task)"))
    for name, value, note in table:
        print(f"{name:33s} {value:>12s}  {note}")
    worst_name, worst = max(clients.items(), key=lambda kv: kv[1])
    runs = math.ceil(worst / DAY_S)
    print(f"\nComputing: {worker_s / 3600:,.0f} core-hours → {workers_day} one-core workers "
          "finish in a day (reads, feature building and LightGBM all on the workers).")
    if runs > 1:
        print(f"Client: one predict run has ONE client, which receives every window, writes "
              f"and DEFLATE-compresses the output and (with a correction) keeps the scratch "
              f"file, the sums and the mass search itself: {worst / 3600:,.0f} CPU-hours ({worst_name}) > 24 h, so split the "
              f"dates over ≥ {runs} runs (e.g. one per year), each with its own client, "
              "sharing the workers; the client, not the workers, limits a single run.")
    else:
        print(f"Client: {worst / 3600:,.1f} CPU-hours ({worst_name}): one client keeps up.")
    print(f"Scheduler: {sched_s / 3600:.2f} CPU-hours for {tasks:,} tasks; it keeps ≈ "
          f"{busy:,.0f} workers busy at {task_s:.2f} s per task; every result "
          f"({m['bytes_per_cell'] * cells_w / 1e6:.1f} MB a task) passes through it on its "
          "way to the client, so smaller windows or many more workers make it the limit.")
    print(f"Reads: {read_disk / DAY_S / 1e6:.0f} MB/s from storage over a day "
          f"({read_disk / DAY_S / 1e6 / max(workers_day, 1):.1f} MB/s per worker); static "
          f"layers are read again for every date ({4 * len(bp.STATIC)} of the "
          f"{m['read_bytes_per_cell']:.0f} B per cell-date). Network to the client: "
          f"{back / DAY_S / 1e6:.0f} MB/s.")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=4000, help="fine columns = rows")
    parser.add_argument("--dates", type=int, default=10, help="dates (bands) to predict")
    parser.add_argument("--tiny-units", type=int, default=20000, help="tiny tasks to run")
    parser.add_argument("--quick", action="store_true",
                        help="1000 × 1000 cells, 3 dates, 2,000 tiny tasks")
    parser.add_argument("--no-correction", action="store_true",
                        help="skip the runs with the residual correction")
    parser.add_argument("--workdir", help="folder for the inputs (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the inputs and outputs")
    parser.add_argument("--one", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one[0], args.one[1:])
        return
    if args.quick:
        args.size, args.dates, args.tiny_units = 1000, 3, 2000
    if args.workdir:
        os.makedirs(args.workdir, exist_ok=True)
    root = tempfile.mkdtemp(prefix="bench_cluster_", dir=args.workdir)
    folder, models = os.path.join(root, "inputs"), os.path.join(root, "models")
    os.makedirs(models)
    print(f"# {os.cpu_count()} cores; load average {open('/proc/loadavg').read().strip()}; "
          f"GDAL_CACHEMAX {os.environ.get('GDAL_CACHEMAX', '128')} MB; files in {root}",
          flush=True)
    external = None
    try:
        t0 = time.perf_counter()
        dates = iso_dates(args.dates)
        make_dated_inputs(folder, args.size, dates)
        on_disk = warm(folder)
        bands = len(bp.STATIC) + len(bp.DYNAMIC) * len(dates)
        disk_ratio = on_disk / (args.size * args.size * bands * 4.0)
        print(f"# {args.size} × {args.size} cells, {len(dates)} dates: inputs written in "
              f"{time.perf_counter() - t0:.1f} s ({on_disk / 2**20:.0f} MB of predictors, "
              f"{disk_ratio:.2f} of float32)", flush=True)
        fitted = run_child(__file__, "fit", folder, models)
        print(f"# LightGBM {ROUNDS} rounds × {LEAVES} leaves fitted on {SAMPLES} samples, "
              f"{fitted['features']} features, in {fitted['fit_s']:.1f} s", flush=True)
        t0 = time.perf_counter()
        external = start_external(os.path.join(root, "cluster"))
        print(f"# external scheduler {external.address} with {WORKERS} workers ready in "
              f"{time.perf_counter() - t0:.1f} s", flush=True)
        clusters = {"in-process": "", f"local:{WORKERS}": f"local:{WORKERS}",
                    "external": external.address}
        cell_dates = args.size * args.size * len(dates)
        none_rows = predict_rows(folder, models, clusters, False)
        report_predict(none_rows, cell_dates, False)
        tiny_rows = {label: run_child(__file__, "tiny", text, args.tiny_units)
                     for label, text in clusters.items()}
        report_tiny(tiny_rows)
        krige_rows = None
        if not args.no_correction:
            plan(measured_figures(args.size, len(dates), none_rows, None, tiny_rows,
                                  disk_ratio, "external"))
            print("# (the plan again with the client's cost of the correction after the "
                  "corrected runs)", flush=True)
            krige_rows = predict_rows(folder, models, clusters, True)
            report_predict(krige_rows, cell_dates, True)
        plan(measured_figures(args.size, len(dates), none_rows, krige_rows, tiny_rows,
                              disk_ratio, "external"))
        print(f"\n# load average at the end {open('/proc/loadavg').read().strip()}")
    finally:
        if external is not None:
            external.stop()
        remove_unless_kept(root, args.keep)


if __name__ == "__main__":
    main()
