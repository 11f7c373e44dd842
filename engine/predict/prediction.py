"""Predict fine soil moisture for every date: inference, residual correction, gap filling.

:func:`predict_stack` applies a trained :class:`~.training.DownscalingModel` to the
fine predictors (paper 000 steps 2–4 and §5.2) and writes a time stack on the
grid of the first predictor layer:

1. **Inference**, window by window: the model's prediction of every cell whose
   predictors are all valid and which the mask does not exclude.
2. **Residual correction** (with a coarse product; :mod:`.residuals`): the coarse
   residual (observation − aggregated prediction) is interpolated to the fine
   cells and added.
3. **Mass preservation** (on by default, with a correction): within every coarse
   cell with an observation, one constant is added to its fine cells so that their
   area-weighted mean equals the observation exactly. With clipping the constant
   is found by a safeguarded Newton search so the mean of the *clipped* values
   matches (impossible only when the observation itself lies outside the limits).
4. **Gap filling**: where the coarse product has no observation the output is the
   prediction plus the interpolated residual (or nodata when gap filling is off).
5. **Limits**: values are clipped to [clip_min, clip_max] m³/m³ and counted.

Memory does not grow with the raster: windows of ``block`` × ``block`` cells;
with a correction the raw predictions of a group of dates are kept in an
uncompressed scratch file beside the output (4 bytes per cell and date) and
removed at the end. Outputs are written to temporary files and moved into place
only on success.

**Resume** (``resume``, on by default): every finished date is checkpointed beside
the output (:mod:`..raster.resume`, identity: :mod:`.checkpoint`), so a run that
dies (killed, a reboot, a full disk, a cancel) can be rerun with the same inputs and
options and copies the finished dates instead of predicting them. The result equals
an uninterrupted run's: every date is computed from its own inputs alone except the
pooled variogram (fitted to every date's residuals before any date is corrected),
which is stored with the first finished date and reused.
"""
import contextlib
import os
import time
from dataclasses import asdict, dataclass, replace

import numpy as np

from ..errors import InputError, check_choice
from ..geostat.kriging import Variogram
from ..learn import learners
from ..learn.uncertainty import check_supported
from ..progress import ensure_progress
from ..raster.grids import Grid
from ..raster.executors import current_executor
from ..raster.resume import RunCheckpoint
from ..raster.scratch import Scratch
from ..raster.windows import BlockWalker
from .checkpoint import run_identity
from .coarse_product import CoarseProduct
from .compiled import CompileOptions, report
from .compiled_model import compiled_model
from .inference import FeatureSource, match_layers, output_dates
from .mask import MaskSource
from .outputs import QUALITY, QUALITY_NODATA  # noqa: F401 (public names of this module too)
from .outputs import PredictionOutputs, quality_flags
from .window_prediction import WindowPredictor, WindowResidual
from .residuals import (CORRECTIONS, DEFAULT_NEIGHBOURS, KRIGING, LABELS, CellSums,
                        ResidualField, adjustment, coarse_residual, fit_date_variogram,
                        fit_pooled_variogram)

SCOPES = ("date", "pooled")
VARIOGRAM_MODELS = ("spherical", "exponential", "gaussian")
DATE_GROUP = 8  # dates predicted per pass with per-date variograms
MASS_TOLERANCE = 1e-6  # m³/m³, target of the clipped mass search
MAX_MASS_ITERATIONS = 40
PROGRESS_SPAN = (0.0, 99.0)  # % of the bar the passes fill; moving the outputs ends it


@dataclass(frozen=True)
class PredictOptions:
    """Choices of one prediction run (frozen: change a copy with ``dataclasses.replace``).

    ``clip_min``/``clip_max``: limits of the output, m³/m³; ``neighbours``: coarse
    cells in each kriging system; ``dates``: ISO texts to predict (empty: every
    date); ``mask_values``: mask-layer values that exclude a cell (empty: non-zero);
    ``block``: window side, fine cells. Lists given for ``dates`` and
    ``mask_values`` become tuples in :meth:`validated`. ``compiled_inference``:
    predict LightGBM partitions with compiled code (:mod:`.compiled`; the learner
    itself where that cannot be done, saying why); ``compile_cache``: folder of the
    compiled libraries ('' = the user's cache folder); ``resume``: checkpoint finished
    dates beside the output and reuse those of an interrupted run of the same inputs
    and options (off: never read or write a checkpoint).
    """

    correction: str = "simple_kriging"
    mass_preserving: bool = False
    gap_fill: bool = True
    clip_min: float = 0.0
    clip_max: float = 0.6
    variogram_model: str = "spherical"
    variogram_scope: str = "pooled"
    neighbours: int = DEFAULT_NEIGHBOURS
    dates: tuple = ()
    mask_values: tuple = ()
    n_threads: int = 0
    block: int = 512
    compiled_inference: bool = True
    compile_cache: str = ""
    resume: bool = True

    def validated(self):
        """A checked copy (sequences as tuples); raises :class:`InputError` naming the bad one."""
        check_choice(self.correction, CORRECTIONS, "residual correction")
        if not self.clip_min < self.clip_max:
            raise InputError(f"The lower limit ({self.clip_min:g}) must be below the upper "
                             f"limit ({self.clip_max:g}) m³/m³.")
        check_choice(self.variogram_model, VARIOGRAM_MODELS, "variogram model")
        check_choice(self.variogram_scope, SCOPES, "variogram scope")
        if self.neighbours < 3:
            raise InputError("Kriging needs at least 3 neighbouring coarse cells.")
        return replace(self, dates=tuple(self.dates or ()),
                       mask_values=tuple(self.mask_values or ()))


def predict_stack(model, layers, output, coarse_path=None, options=None, mask_path=None,
                  zones_path=None, uncertainty_path=None, quality_path=None, progress=None):
    """Predict every date onto the first layer's grid; return a summary dict.

    ``layers``: :class:`~.features.PredictorLayer` objects (matched to the model's
    features by name). ``coarse_path``: optional coarse soil-moisture time stack for
    the residual correction and gap marking. ``mask_path``: cells to set to nodata
    (non-zero values, or ``options.mask_values``). ``uncertainty_path`` and
    ``quality_path``: optional outputs (see :mod:`.uncertainty` and
    :data:`.outputs.QUALITY`).
    """
    started = time.perf_counter()
    opts = (options or PredictOptions()).validated()
    progress = ensure_progress(progress)
    if not layers:
        raise InputError("No predictor layer was given. Give the fine predictors the model "
                         "was trained on.")
    by_name = match_layers(model, layers)
    grid = Grid.from_path(layers[0].path)
    if grid.crs is None:
        raise InputError(f"Predictor '{layers[0].name}' has no CRS. Assign its CRS and run "
                         "again.")
    with contextlib.ExitStack() as stack:
        coarse = CoarseProduct(coarse_path, grid) if coarse_path else None
        if coarse is None and opts.correction != "none":
            progress.warning("No coarse soil-moisture stack was given: the residual "
                             "correction is skipped and every pixel is the model's "
                             "prediction.")
            opts = replace(opts, correction="none")
        if coarse is not None:
            stack.callback(coarse.close)
        dates, skipped = output_dates(list(by_name.values()), opts.dates,
                                      coarse.dates if coarse else None, model)
        for iso, reason in skipped:
            progress.warning(f"Date {iso} skipped: {reason}.")
        if uncertainty_path:
            check_supported(model.config.learner)
        for est in model.estimators.values():
            learners.single_threaded(learners.freeze_for_prediction(est))
        source = FeatureSource(model, by_name, grid, zones_path)
        stack.callback(source.close)
        mask = MaskSource(mask_path, grid, opts.mask_values) if mask_path else None
        if mask is not None:
            stack.callback(mask.close)
        run = _Run(model, source, mask, coarse, grid, dates, opts, progress)
        run.compile(model, grid, dates)
        progress.info(f"Predicting {len(dates)} date(s) on {grid.describe()} with the "
                      f"{learners.LABELS.get(model.config.learner, model.config.learner)} "
                      f"model; residual correction: {LABELS[opts.correction]}"
                      + ("" if opts.correction == "none" else
                         f", mass preserving: {'yes' if opts.mass_preserving else 'no'}"))
        identity = run_identity(model, layers, dates, opts, output, coarse_path, mask_path,
                                zones_path, uncertainty_path, quality_path) if opts.resume else None
        with PredictionOutputs(grid, dates, output, uncertainty_path, quality_path,
                               progress, readable=opts.resume) as outputs:
            run.outputs = outputs
            if identity is not None:  # opened under the output's lock: one run at a time
                run.checkpoint = RunCheckpoint(output, identity, grid, progress).open()
            run.execute(os.path.dirname(os.path.abspath(str(output))))
        if run.checkpoint is not None:  # the outputs are in place: nothing left to resume
            run.checkpoint.discard()
    seconds = time.perf_counter() - started
    how = (f"{run.compiled} LightGBM model(s) through compiled code" if run.compiled
           else "the learners' own code")
    progress.info(f"Predict took {seconds:.1f} s ({how}).")
    return dict(run.summary(output, uncertainty_path, quality_path, skipped), seconds=seconds)


@dataclass
class DateRecord:
    """What happened on one date (logged, returned and written to the date report)."""

    date: str
    predicted: int = 0
    observed: int = 0
    gap_filled: int = 0
    gap_empty: int = 0
    masked: int = 0
    clipped: int = 0
    coarse_cells: int = 0
    residual_cells: int = 0
    residual_mean: float = float("nan")
    residual_std: float = float("nan")
    variogram: dict = None
    mass_error: float = float("nan")
    mass_cells: int = 0
    unconservable: int = 0
    note: str = ""
    coarse_noise: float = float("nan")  # √nugget of the residual variogram, m³/m³ (last:
    # columns are only ever appended, so scripts reading the CSV by position still work)
    land: int = 0  # cells with every static predictor, not masked: the cells to cover
    gap_model: int = 0  # cells predicted by the gap model (a cloud-prone predictor missing)
    coverage: float = float("nan")  # % of the land cells written (predicted) on this date


class _Run:
    """State of one prediction run: its passes over the windows of the output grid."""

    def __init__(self, model, source, mask, coarse, grid, dates, opts, progress):
        self.model, self.source, self.mask, self.coarse = model, source, mask, coarse
        self.grid, self.dates, self.opts, self.progress = grid, dates, opts, progress
        self.outputs = None  # PredictionOutputs, set by predict_stack
        self.checkpoint = None  # RunCheckpoint (resume on), set by predict_stack
        self.walker = self._walker()
        self.records = [DateRecord(d.iso if d else "") for d in dates]
        self.area = None
        self.pooled = None
        self._final_sums = None  # sums of the written values, to verify mass preservation
        self._unconservable = None
        self._inputs = (None, None)  # (tile, (exclude, located)) of the last window
        self.unseen = {}  # categorical layer → cells of classes never seen in training
        self.date_unseen = [{} for _ in dates]  # the same per date (kept in a checkpoint)
        # one thread per worker on a cluster (its workers are the parallelism)
        threads = 1 if current_executor().distributed else opts.n_threads
        self.predictor = WindowPredictor(model, source, mask, dates, threads,
                                         want_spread=False)
        self.compiled = 0  # LightGBM estimators predicting through compiled code

    def _walker(self):
        """The window loop of the run: :meth:`_passes_per_date` per date."""
        return BlockWalker(self.grid, self.opts.block, self.progress,
                           passes=len(self.dates) * self._passes_per_date(),
                           span=PROGRESS_SPAN)

    def _passes_per_date(self):
        """Walks over the windows a predicted date takes: 1, or 3 with a correction."""
        return 1 if self.opts.correction == "none" else 3

    def compile(self, model, grid, dates):
        """Let the predictor use compiled LightGBM code where it is worth it (:mod:`.compiled`)."""
        distributed = current_executor().distributed
        options = CompileOptions(enabled=self.opts.compiled_inference,
                                 cache_dir=self.opts.compile_cache,
                                 threads=1 if distributed else learners.threads(self.opts.n_threads))
        isos = [d.iso if d else None for d in dates]
        fast, parts = compiled_model(model, options, [i for i in isos if i],
                                     grid.width * grid.height * len(dates))
        report(parts.results, self.progress)
        self.predictor.fast, self.compiled = fast, parts.count

    # --- bookkeeping -------------------------------------------------------------------------

    def summary(self, output, uncertainty_path, quality_path, skipped):
        total = lambda name: int(sum(getattr(r, name) for r in self.records))  # noqa: E731
        errors = [r.mass_error for r in self.records if np.isfinite(r.mass_error)]
        return {"output": str(output), "uncertainty": uncertainty_path, "quality": quality_path,
                "dates": [r.date for r in self.records], "records": self.records,
                "skipped": skipped, "grid": self.grid, "correction": self.opts.correction,
                "predicted": total("predicted"), "gap_filled": total("gap_filled"),
                "clipped": total("clipped"), "masked": total("masked"),
                "land": total("land"), "gap_model": total("gap_model"),
                "coverage": 100.0 * total("predicted") / total("land") if total("land")
                else float("nan"),
                "mass_error": max(errors) if errors else float("nan"),
                "unconservable": total("unconservable"), "compiled": self.compiled,
                "unseen_classes": dict(self.unseen)}

    def _window_inputs(self, unit):
        """(cells the mask excludes or None, :meth:`CoarseMap.locate` or None) of a window.

        Kept for the next unit on the same window (the dates of pass A).
        """
        tile, inputs = self._inputs
        if tile != unit.tile:
            exclude = self.mask.read(unit.window) if self.mask else None
            located = self.coarse.map.locate(unit.window) if self.coarse else None
            inputs = (exclude, located)
            self._inputs = (unit.tile, inputs)
        return inputs

    # --- the passes ----------------------------------------------------------------------

    def execute(self, folder):
        """Predict, correct and write every date, group by group; log each date.

        Dates a checkpoint holds are copied; each date is checkpointed once written.
        """
        reused = self._reuse()
        for group in self._groups():
            todo = [i for i in group if i not in reused]
            if not todo:
                continue
            observed = ({i: self.coarse.observed(self.dates[i]) for i in todo}
                        if self.coarse else {})
            if self.opts.correction == "none":
                self._predict_group(todo, None, observed)
                for i in todo:
                    self._keep(i)
                continue
            with Scratch(folder, self.grid, len(todo)) as scratch:
                sums = self._predict_group(todo, scratch, observed)
                residuals = {i: self._residual(i, observed[i], sums[i]) for i in todo}
                if self.opts.variogram_scope == "pooled" and self.opts.correction in KRIGING:
                    self.pooled = self._pooled_variogram(residuals)
                for k, i in enumerate(todo):
                    self._correct(i, k, scratch, observed[i], residuals[i])
                    self._keep(i)
        self._log_all()

    def _pooled_variogram(self, residuals):
        """The variogram of every date's residuals; the checkpoint's when resuming (its
        finished dates' residuals are not computed again), stored there when fitted."""
        state = self.checkpoint.state if self.checkpoint is not None else {}
        if "pooled" in state:
            stored = state["pooled"]
            pooled = None if stored is None else Variogram(**dict(
                stored, fit_rmse=float("nan") if stored["fit_rmse"] is None
                else stored["fit_rmse"]))
            how = "of the interrupted run"
        else:
            pooled = fit_pooled_variogram(
                self.coarse.grid, [r for r in residuals.values() if r is not None],
                self.opts.variogram_model)
            if self.checkpoint is not None:
                self.checkpoint.save_state(pooled=pooled.as_dict() if pooled else None)
            how = f"of {len(self.dates)} date(s)"
        if pooled is not None:
            self.progress.info(f"Pooled variogram {how}: {pooled.describe()} (km)")
        return pooled

    # --- resume ------------------------------------------------------------------------------

    def _reuse(self):
        """Copy the dates the checkpoint holds into the outputs; return their indices."""
        if self.checkpoint is None or not self.checkpoint.finished:
            return set()
        bands = self.checkpoint.restore(self.outputs.writers(), self.walker.windows,
                                        len(self.dates))
        self.walker.drop_passes(len(bands) * self._passes_per_date())
        for band in sorted(bands):
            stored = self.checkpoint.records.get(band, {})
            self.records[band - 1] = DateRecord(**stored.get("record", {}))
            for name, n in stored.get("unseen", {}).items():
                self.unseen[name] = self.unseen.get(name, 0) + n
                self.date_unseen[band - 1][name] = n
        return {b - 1 for b in bands}

    def _keep(self, i):
        """Checkpoint date i (written in full) with its record."""
        if self.checkpoint is not None:
            record = {"record": asdict(self.records[i]), "unseen": self.date_unseen[i]}
            self.checkpoint.save_band(i + 1, self.outputs.writers(), self.walker.windows,
                                      record)

    def _groups(self):
        """Date indices predicted together: all for a pooled variogram, else DATE_GROUP."""
        n = len(self.dates)
        if self.opts.correction != "none" and self.opts.variogram_scope == "pooled":
            return [list(range(n))]
        return [list(range(i, min(i + DATE_GROUP, n))) for i in range(0, n, DATE_GROUP)]

    def _predict_group(self, group, scratch, observed):
        """Pass A: predict the dates of ``group``, windows outer (one unit per date).

        Without ``scratch`` (no correction) every unit is finished and written;
        with it the raw prediction goes to its band of the scratch file and the
        sums per coarse cell (one :class:`CellSums` per date) are returned.
        """
        sums = {i: CellSums(self.coarse.map.size) for i in group} if scratch else None
        slot = {i: k + 1 for k, i in enumerate(group)}  # scratch band of each date
        first_pass = scratch is not None and self.area is None
        if first_pass:
            self.area = CellSums(self.coarse.map.size)
        units = self.walker.units([i + 1 for i in group], by_window=True, stage="predict")
        self.predictor.want_spread = self.outputs.spread is not None
        for unit, result in self.walker.map(self.predictor, units):
            i, window = unit.band - 1, unit.window
            exclude, located = self._take(unit, result)
            if first_pass and i == group[0]:  # once per window: units are windows outer
                self._add_area(exclude, located)
            pred, valid = result.values, result.valid
            gap = self._gap(located, observed.get(i), valid)
            if self.outputs.spread is not None:
                self.outputs.write_spread(unit.band, result.spread, self._written(valid, gap),
                                          window)
            if scratch is None:
                self._finish_window(i, window, pred, valid, gap, exclude, located)
            else:
                scratch.write(slot[i], pred, window)
                index = located[0][valid]
                inside = index >= 0
                sums[i].add(index[inside], pred[valid][inside], located[3][valid][inside])
        return sums

    def _add_area(self, exclude, located):
        """Add the area weights of a window's unmasked fine cells to their coarse cells."""
        keep = located[0] >= 0
        if exclude is not None:
            keep &= ~exclude
        self.area.add(located[0][keep], located[3][keep], located[3][keep])

    def _take(self, unit, result):
        """(exclude, located) of a predicted unit; adds its counts to the date's record."""
        record = self.records[unit.band - 1]
        record.land += result.land
        record.gap_model += result.gap_model
        for name, n in result.unseen.items():
            self.unseen[name] = self.unseen.get(name, 0) + n
            seen = self.date_unseen[unit.band - 1]
            seen[name] = seen.get(name, 0) + n
        tile, inputs = self._inputs
        if tile != unit.tile:
            located = self.coarse.map.locate(unit.window) if self.coarse else None
            inputs = (result.exclude, located)
            self._inputs = (unit.tile, inputs)
        return inputs

    def _gap(self, located, obs, valid):
        """Cells without a coarse observation (all cells without a coarse product or band)."""
        if self.coarse is None or obs is None:
            return np.ones(valid.shape, bool)
        index = located[0]
        seen = np.zeros(index.shape, bool)
        inside = index >= 0
        seen[inside] = np.isfinite(obs[index[inside]])
        return ~seen

    # --- correction of one date ---------------------------------------------------------------

    def _residual(self, i, obs, sums):
        """Flat coarse residual of date i, or None without observations."""
        record = self.records[i]
        if obs is None:
            record.note = "no coarse band for this date: every pixel gap-filled"
            return None
        record.coarse_cells = int(np.isfinite(obs).sum())
        residual = coarse_residual(obs, sums.mean(), sums.weight, self.area.weight)
        ok = np.isfinite(residual)
        record.residual_cells = int(ok.sum())
        if ok.any():
            record.residual_mean = float(residual[ok].mean())
            record.residual_std = float(residual[ok].std())
        return residual

    def _field(self, i, residual):
        if residual is None or not np.isfinite(residual).any():
            return None
        variogram = None
        method = self.opts.correction
        if method in KRIGING:
            variogram = self.pooled if self.opts.variogram_scope == "pooled" else \
                fit_date_variogram(self.coarse.grid, residual, self.opts.variogram_model)
        field_ = ResidualField(self.coarse.grid, residual, method, variogram,
                               self.opts.neighbours)
        if field_.variogram is not None:
            self.records[i].variogram = field_.variogram.as_dict()
            self.records[i].coarse_noise = float(np.sqrt(max(field_.variogram.nugget, 0.0)))
        self.progress.info(f"{self.records[i].date}: {field_.describe()}")
        return field_

    def _correct(self, i, k, scratch, obs, residual):
        """Passes B (add the residual) and C (conserve mass, write) for date i (band k + 1)."""
        field_ = self._field(i, residual)
        conserve = obs is not None and self.opts.mass_preserving
        sums = CellSums(self.coarse.map.size)
        units = self.walker.units([i + 1], stage="correct")
        if field_ is None:
            results = ((unit, None) for unit in self.walker.walk(units))
        else:  # the residual on each window: phase two, on the cluster if there is one
            results = self.walker.map(WindowResidual(field_, self.coarse.map), units)
        for unit, added in results:
            window = unit.window
            pred = scratch.read(k + 1, window)
            located = self.coarse.map.locate(window)
            valid = np.isfinite(pred)
            corrected = pred
            if added is not None:
                # rounded as the scratch file stores it, so the shifts match what is read back
                corrected = (pred + added).astype("float32").astype("float64")
            if conserve:
                index = located[0]
                use = valid & (index >= 0)
                use[use] = np.isfinite(obs[index[use]])
                sums.add(index[use], corrected[use], located[3][use], extremes=True)
            scratch.write(k + 1, corrected, window)
        shift = None
        if conserve:
            shift = adjustment(obs, sums)
            shift = self._clip_search(k, scratch, obs, sums, shift)
        if obs is not None:  # the mass error is measured whether or not it is forced to 0
            self._final_sums = CellSums(self.coarse.map.size)
        for unit in self.walker.walk(self.walker.units([i + 1], stage="finish")):
            corrected = scratch.read(k + 1, unit.window)
            valid = np.isfinite(corrected)
            exclude, located = self._window_inputs(unit)
            gap = self._gap(located, obs, valid)
            if shift is not None:
                add = valid & ~gap
                corrected[add] += shift[located[0][add]]
            self._finish_window(i, unit.window, corrected, valid, gap, exclude, located)
        if self._final_sums is not None:
            self._check_mass(i, obs)
            self._final_sums = None
            self._unconservable = None

    def _clip_search(self, k, scratch, obs, sums, shift):
        """Shifts whose clipped fine mean equals the observation (safeguarded Newton)."""
        lo, hi = self.opts.clip_min, self.opts.clip_max
        has = sums.weight > 0
        need = has & ((sums.low + shift < lo) | (sums.high + shift > hi))
        self._unconservable = has & ((obs < lo - MASS_TOLERANCE) | (obs > hi + MASS_TOLERANCE))
        need &= ~self._unconservable
        # an observation beyond a limit: every fine cell at that limit (the closest mean)
        with np.errstate(invalid="ignore"):
            shift = np.where(self._unconservable & (obs > hi), hi - sums.low, shift)
            shift = np.where(self._unconservable & (obs < lo), lo - sums.high, shift)
        if not need.any():
            return shift
        s = shift.copy()
        s_low, s_high = lo - sums.high, hi - sums.low  # all cells at the lower/upper limit
        for _ in range(MAX_MASS_ITERATIONS):
            total, free = np.zeros(s.size), np.zeros(s.size)
            for window in self.walker.windows:
                pred = scratch.read(k + 1, window)
                index, _, _, weights = self.coarse.map.locate(window)
                use = np.isfinite(pred) & (index >= 0)
                use[use] = need[index[use]]
                if not use.any():
                    continue
                idx = index[use]
                v = pred[use] + s[idx]
                w = weights[use]
                total += np.bincount(idx, w * np.clip(v, lo, hi), minlength=s.size)
                free += np.bincount(idx, w * ((v > lo) & (v < hi)), minlength=s.size)
            mean = np.divide(total, sums.weight, out=np.zeros(s.size), where=has)
            error = obs - mean
            done = need & (np.abs(error) <= MASS_TOLERANCE)
            s_low = np.where(need & (error > 0), s, s_low)
            s_high = np.where(need & (error < 0), s, s_high)
            slope = np.divide(free, sums.weight, out=np.zeros(s.size), where=has)
            newton = s + np.divide(error, slope, out=np.zeros(s.size), where=slope > 0)
            with np.errstate(invalid="ignore"):  # cells without fine values have ±inf bounds
                inside = (newton > s_low) & (newton < s_high) & (slope > 0)
                step = np.where(inside, newton, 0.5 * (s_low + s_high))
            need &= ~done
            s = np.where(need, step, s)
            if not need.any():
                break
        return s

    def _check_mass(self, i, obs):
        """Largest |coarse observation − mean of the written fine cells| of date i."""
        record = self.records[i]
        final = self._final_sums
        mean = final.mean()
        ok = (final.weight > 0) & np.isfinite(obs)
        bad = self._unconservable if self._unconservable is not None else np.zeros_like(ok)
        check = ok & ~bad
        record.mass_cells = int(check.sum())
        record.unconservable = int((ok & bad).sum())
        record.mass_error = float(np.max(np.abs(obs[check] - mean[check]))) if check.any() \
            else float("nan")

    # --- writing ----------------------------------------------------------------------------

    def _finish_window(self, i, window, values, valid, gap, exclude, located):
        """Clip, apply gap filling and the mask, write the output (and quality) window."""
        record = self.records[i]
        lo, hi = self.opts.clip_min, self.opts.clip_max
        write = self._written(valid, gap)
        v = values[write]
        record.clipped += int(((v < lo) | (v > hi)).sum())
        out = np.full(values.shape, np.nan)
        out[write] = np.clip(v, lo, hi)
        out32 = self.outputs.write_values(i + 1, out, window)
        observed = valid & ~gap
        record.predicted += int(write.sum())
        record.observed += int(observed.sum())
        record.gap_filled += int((valid & gap & write).sum())
        record.gap_empty += int((valid & gap & ~write).sum())
        masked = exclude if exclude is not None else np.zeros(values.shape, bool)
        record.masked += int(masked.sum())
        if self._final_sums is not None:
            index = located[0]
            use = observed & (index >= 0)
            self._final_sums.add(index[use], out32[use].astype("float64"), located[3][use])
        if self.outputs.quality is not None:
            self.outputs.write_quality(i + 1, quality_flags(valid, gap, write, masked), window)

    def _written(self, valid, gap):
        """Cells that get a value: predicted, and observed unless gaps are filled.

        Without a coarse product every predicted cell is written (quality 2).
        """
        if self.coarse is None or self.opts.gap_fill:
            return valid
        return valid & ~gap

    def _log_all(self):
        for r in self.records:
            r.coverage = 100.0 * r.predicted / r.land if r.land else float("nan")
            text = (f"{r.date or 'undated'}: {r.predicted} pixel(s) written "
                    f"({r.observed} under a coarse observation, {r.gap_filled} gap-filled"
                    + (f", {r.gap_empty} gap pixel(s) left empty" if r.gap_empty else "")
                    + (f", {r.gap_model} by the gap model" if r.gap_model else "")
                    + (f"; {r.coverage:.1f} % of {r.land} land pixels covered"
                       if r.land else "")
                    + f"); {r.clipped} clipped to [{self.opts.clip_min:g}, "
                      f"{self.opts.clip_max:g}]")
            if np.isfinite(r.mass_error):
                text += f"; largest mass error {r.mass_error:.2e} m³/m³ over {r.mass_cells} cells"
            if r.unconservable:
                text += (f"; {r.unconservable} coarse cell(s) observed outside the limits "
                         "cannot be matched")
            if r.note:
                text += f"; {r.note}"
            self.progress.info(text)
        clipped = sum(r.clipped for r in self.records)
        if clipped:
            self.progress.info(f"{clipped} pixel(s) were clipped to the physical limits in total.")
        for name, n in self.unseen.items():
            self.progress.warning(f"{n} pixel(s) of '{name}' hold classes the model never saw "
                                  "in training; they were predicted with every class share 0.")

