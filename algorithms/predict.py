"""smdownscale:predict — apply a trained model to fine predictors, correct and gap-fill."""
import math

from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingParameterBoolean,
                       QgsProcessingParameterEnum, QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination,
                       QgsProcessingParameterMultipleLayers,
                       QgsProcessingParameterRasterDestination,
                       QgsProcessingParameterRasterLayer, QgsProcessingParameterString)

from .base import SmAlgorithm, raster_path
from .styling import style_on_load, style_quality_on_load, style_soil_moisture_on_load

# Enum orders are part of the public contract; they equal engine.predict.residuals.CORRECTIONS,
# engine.predict.prediction.VARIOGRAM_MODELS and engine.predict.prediction.SCOPES (a test
# keeps them equal).
CORRECTION_KEYS = ["none", "bilinear", "simple_kriging", "ordinary_kriging"]
VARIOGRAM_KEYS = ["spherical", "exponential", "gaussian"]
SCOPE_KEYS = ["date", "pooled"]
DEFAULTS = {"RESIDUAL_CORRECTION": 2, "NEIGHBOURS": 25}


class Predict(SmAlgorithm):
    """Model + fine predictors (+ coarse product) → fine soil-moisture time stack."""

    ALG_ID = "predict"
    GROUP_ID = "downscale"
    REQUIRES = ("numpy", "rasterio", "scipy", "sklearn")

    MODEL = "MODEL"
    PREDICTORS = "PREDICTORS"
    CATEGORICAL = "CATEGORICAL"
    ZONES = "ZONES"
    COARSE_SM = "COARSE_SM"
    RESIDUAL_CORRECTION = "RESIDUAL_CORRECTION"
    MASS_PRESERVING = "MASS_PRESERVING"
    VARIOGRAM_MODEL = "VARIOGRAM_MODEL"
    VARIOGRAM_SCOPE = "VARIOGRAM_SCOPE"
    NEIGHBOURS = "NEIGHBOURS"
    GAP_FILL = "GAP_FILL"
    MASK = "MASK"
    MASK_VALUES = "MASK_VALUES"
    DATES = "DATES"
    THREADS = "THREADS"
    COMPILED_INFERENCE = "COMPILED_INFERENCE"
    OUTPUT = "OUTPUT"
    UNCERTAINTY = "UNCERTAINTY"
    QUALITY = "QUALITY"
    DATE_REPORT = "DATE_REPORT"
    NUMBERS = (("N_DATES", "Number of dates predicted"),
               ("PREDICTED_PIXELS", "Pixels written (all dates)"),
               ("GAP_FILLED_PIXELS", "Gap-filled pixels (all dates)"),
               ("CLIPPED_PIXELS", "Pixels clipped to the limits (all dates)"),
               ("MASS_ERROR_MAX", "Largest mass error, |coarse − fine mean| (m³/m³)"),
               ("GAP_MODEL_PIXELS", "Pixels mapped by the gap model (all dates)"),
               ("COVERAGE_PERCENT", "Land pixels covered (%, all dates)"),
               ("COMPILED_MODELS", "LightGBM models predicting through compiled code"))

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Predict downscaled soil moisture")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Apply a trained model to the fine predictors for every date, correct "
                       "it with the coarse residuals and fill the coarse product's gaps.")

    def help_summary(self):
        return self.tr(
            "Step 2 of a downscaling study (Nadeem et al. 2023, steps 2–4 and §5.2): the model "
            "from Train downscaling model is applied to the fine (1 km) predictors of every "
            "date, window by window. With the coarse product, the coarse residual — coarse "
            "observation minus the fine prediction aggregated onto the coarse grid "
            "(area-weighted mean) — is interpolated to the fine cells and added, so the map "
            "keeps the coarse product's values while the model supplies the detail; where the "
            "coarse product has a gap, the model fills it.")

    def help_entries(self):
        tr = self.tr
        return {
            self.MODEL: tr("a .smdm file written by Train downscaling model."),
            (self.PREDICTORS, self.CATEGORICAL): tr(
                "the fine layers the model was trained on, with the same layer names "
                "(features are matched by name; a missing or extra layer is refused and "
                "named). Time stacks give the dates to predict; static layers apply to every "
                "date. The output takes the grid of the first predictor; other layers are "
                "resampled onto it on the fly (bilinear; nearest for class codes). Categorical "
                "layers are encoded as in training; classes the model never saw get every "
                "class share 0 (counted in the log)."),
            self.ZONES: tr("the zone raster, for a model trained with one model per zone (each "
                           "pixel goes to its zone's model)."),
            self.COARSE_SM: tr(
                "optional: the coarse time stack (m³/m³) for the residual correction and to "
                "know where its gaps are. Without it the output is the model's prediction."),
            self.RESIDUAL_CORRECTION: tr(
                "none; bilinear (between the four coarse cell centres around a pixel); simple "
                "kriging (default, Nadeem et al. 2023; the known mean is the date's mean "
                "residual); ordinary kriging (local mean). Kriging treats each residual as a "
                "point at its coarse cell centre, with a variogram fitted to the date's "
                "residuals by weighted least squares (or pooled over all dates) and the 25 "
                "nearest coarse cells of the pixel's coarse cell; the variogram of each date "
                "is logged and written to the date report. A coarse cell's residual is used "
                "where ≥ 50 % of its fine cells have a prediction."),
            self.MASS_PRESERVING: tr(
                "default off. On: after the correction, one constant per coarse cell makes the "
                "area-weighted mean of its fine pixels equal the coarse observation exactly "
                "(to 1e-6 m³/m³, also after clipping, found by a safeguarded Newton search), "
                "so the map aggregates back to the coarse product. Impossible only where the "
                "observation itself lies outside the limits (counted in the log). What it "
                "costs: a coarse observation is the truth plus retrieval noise, and keeping it "
                "exactly puts that noise into every fine pixel of the cell (on the README's "
                "peer benchmark it took 4 points off the 1 km ubRMSE reduction at 0.01 m³/m³ "
                "noise and 38 at 0.04). Off (noise-aware): kriging adds only the spatially "
                "coherent part of the residual (the variogram's nugget, whose square root is reported "
                "as the coarse noise, is not interpolated), so the map keeps the coarse "
                "product's regional level but not each cell's noise. Either way the largest "
                "|coarse observation − fine mean| (the mass error) is logged, output and "
                "written per date. Turn it on when the map must add up to the product "
                "(e.g. to compare with it cell by cell)."),
            self.GAP_FILL: tr(
                "default on: where the coarse product has no observation the output is the "
                "model's prediction plus the interpolated residual (kriging extends the "
                "residual from the valid cells around the gap and tends to the mean residual "
                "far from them; bilinear reaches one coarse cell into a gap and uses the date's "
                "mean residual beyond). Off: those pixels are nodata. A date missing from the "
                "coarse stack is gap-filled entirely (residual 0)."),
            (self.CLIP_MIN, self.CLIP_MAX): tr(
                "physical limits, default 0–0.6 m³/m³; values outside are clipped and "
                "counted."),
            (self.MASK, self.MASK_VALUES): tr(
                "optional raster of cells to leave empty (water, urban…): its non-zero cells, "
                "or only the listed codes (e.g. '17,13' for a land-cover raster)."),
            self.DATES: tr(
                "optional comma-separated ISO dates (YYYY-MM-DD) to predict; empty = every "
                "date the dynamic predictors share. A date a stack lacks is refused."),
            (self.VARIOGRAM_MODEL, self.VARIOGRAM_SCOPE, self.NEIGHBOURS): tr(
                "advanced: spherical (default), exponential or gaussian; fitted once to the "
                "semivariograms of all dates pooled (default: a date's few coarse cells give "
                "an unstable nugget, and a nugget fitted too small lets kriging copy the "
                "retrieval noise) or per date; the range is at least 1.5 coarse cells "
                "(shorter structure cannot be told from noise and goes to the nugget); number "
                "of nearest coarse cells in each kriging system (default 25)."),
            self.THREADS: tr("0 (default) = every core; rows are predicted in chunks in "
                             "parallel, with the same result for any count."),
            self.COMPILED_INFERENCE: tr(
                "advanced, default on: LightGBM models (partitions, gap model, date models, "
                "stacking members) predict through the same trees compiled to machine code "
                "(lleaves), 4–10× faster and equal to the learner bit for bit (checked on "
                "every load; the output is the same file). A model is compiled when the rows "
                "to predict pay for the compile (≈ 2.5 ms per leaf, e.g. 40 s for the default "
                "500 × 31-leaf model), or whenever a compiled copy is in the cache (train's "
                "Compile option makes one ahead). Where lleaves is missing or cannot compile a "
                "model (linear trees), the learner predicts and the log says why. Off: always "
                "the learner's own code."),
            self.RESUME: tr(
                "advanced, default on: every date is kept, as soon as it is finished, in a "
                "hidden folder beside the output (.resume_…, about the compressed size of the "
                "finished dates). If the run stops — cancelled, killed, a reboot, a full "
                "disk — running it again with the same inputs and parameters copies those "
                "dates instead of predicting them (the log says how many) and gives the same "
                "output as an uninterrupted run. The folder is thrown away when the run "
                "succeeds, or when a rerun finds that an input file (path, size or "
                "modification time), the model, a parameter, the plugin version or the dates "
                "changed (the log says which). Off: always start over, and neither read nor "
                "write that folder."),
            self.OUTPUT: tr(
                "time stack (float32, m³/m³, nodata −9999, one band per date with its ISO "
                "date) on the first predictor's grid, tiled and compressed."),
            self.UNCERTAINTY: tr(
                "optional: per-pixel spread (m³/m³) of the ensemble — the standard deviation "
                "of the trees' predictions (random forest, extra trees) or of the base "
                "learners' predictions (stacking). It flags where the members disagree; it is "
                "not a calibrated error and ignores the coarse product's error. Other learners "
                "have no spread and are refused."),
            self.QUALITY: tr(
                "optional byte stack per date: 1 = under a coarse observation (corrected to "
                "it), 2 = coarse gap filled by the model, 3 = coarse gap left empty (gap "
                "filling off), 4 = masked, 0 = no prediction (a predictor missing); without a "
                "coarse product every predicted pixel is 2. Pixels whose cloud-prone "
                "predictors are missing (NDVI, LST under clouds) are mapped by the model's gap "
                "model (Train, on by default) and flagged as their coarse cell says; a pixel "
                "still lacks a value only where a predictor the gap model needs is missing."),
            self.DATE_REPORT: tr(
                "optional CSV, one row per date: pixels written, under an observation, "
                "gap-filled, clipped; coarse cells and residual mean/sd; variogram model, "
                "nugget, partial sill and range (km); largest mass error; estimated coarse "
                "noise; land pixels (every static predictor present, not masked), pixels "
                "mapped by the gap model and coverage (% of land pixels written)."),
            self.number_names(): tr("for the next Modeler step."),
        }

    def help_notes(self):
        return [self.tr("Progress advances per window and date; Cancel stops between windows "
                        "and leaves no partial output; the dates finished so far are kept for "
                        "a rerun (see Resume).")]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        # a file filter, not an extension: QGIS refuses another extension before the run
        # with "Incorrect parameter value for MODEL"; loading says what the file is instead
        self.addParameter(QgsProcessingParameterFile(
            self.MODEL, tr("Model file (.smdm)"),
            fileFilter=tr("Model files (*.smdm);;All files (*)")))
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.PREDICTORS, tr("Predictors (continuous, as in training)"),
            QgsProcessing.TypeRaster))
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.CATEGORICAL, tr("Categorical predictors (as in training)"),
            QgsProcessing.TypeRaster, optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.ZONES, tr("Zones (for a model with one model per zone)"), optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.COARSE_SM, tr("Coarse soil moisture (time stack, m³/m³)"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.RESIDUAL_CORRECTION, tr("Residual correction"),
            options=[tr("None"), tr("Bilinear"), tr("Simple kriging"), tr("Ordinary kriging")],
            defaultValue=DEFAULTS["RESIDUAL_CORRECTION"]))
        self.addParameter(QgsProcessingParameterBoolean(
            self.MASS_PRESERVING, tr("Mass preserving (fine mean = coarse observation)"),
            defaultValue=False))
        self.addParameter(QgsProcessingParameterBoolean(
            self.GAP_FILL, tr("Fill the coarse product's gaps"), defaultValue=True))
        self.add_clip_limits()
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.MASK, tr("Mask (cells to leave empty)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.MASK_VALUES, tr("Mask values (comma-separated codes; empty = any non-zero)"),
            optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.DATES, tr("Dates to predict (YYYY-MM-DD, comma-separated; empty = all)"),
            optional=True))
        self.add_advanced(QgsProcessingParameterEnum(
            self.VARIOGRAM_MODEL, tr("Variogram model"),
            options=[tr("Spherical"), tr("Exponential"), tr("Gaussian")], defaultValue=0))
        self.add_advanced(QgsProcessingParameterEnum(
            self.VARIOGRAM_SCOPE, tr("Variogram"),
            options=[tr("Fitted per date"), tr("Pooled over all dates")], defaultValue=1))
        self.add_number(self.NEIGHBOURS, tr("Kriging neighbours (coarse cells)"),
                        DEFAULTS["NEIGHBOURS"], 3, 400, integer=True, advanced=True)
        self.add_number(self.THREADS, tr("Threads (0 = every core)"), 0, 0, 256, integer=True,
                        advanced=True)
        self.add_advanced(QgsProcessingParameterBoolean(
            self.COMPILED_INFERENCE, tr("Compiled inference for LightGBM (off = the learner's "
                                        "own code)"), defaultValue=True))
        self.add_resume()
        self.add_compile_cache()
        self.add_cluster()
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, tr("Downscaled soil moisture")))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.UNCERTAINTY, tr("Uncertainty (ensemble spread, m³/m³)"), optional=True,
            createByDefault=False))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.QUALITY, tr("Quality flags"), optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.DATE_REPORT, tr("Date report"), tr("CSV files (*.csv)"), optional=True,
            createByDefault=False))
        self.add_numbers()

    def process(self, parameters, context, feedback, progress):
        from ..engine.learn.features import PredictorLayer
        from ..engine.learn.modelfile import load_model
        from ..engine.predict.prediction import DateRecord, PredictOptions, predict_stack
        from ..engine.report.date_table import write_date_table

        model_path = self.parameterAsFile(parameters, self.MODEL, context)
        if not model_path:
            raise QgsProcessingException(self.tr("No model file was given. Choose the .smdm "
                                                 "file written by Train downscaling model."))
        model = load_model(model_path)
        layers = [PredictorLayer(l.name(), raster_path(l))
                  for l in self.parameterAsLayerList(parameters, self.PREDICTORS, context)]
        layers += [PredictorLayer(l.name(), raster_path(l), categorical=True)
                   for l in self.parameterAsLayerList(parameters, self.CATEGORICAL, context)]
        coarse = self.parameterAsRasterLayer(parameters, self.COARSE_SM, context)
        zones = self.parameterAsRasterLayer(parameters, self.ZONES, context)
        mask = self.parameterAsRasterLayer(parameters, self.MASK, context)
        options = PredictOptions(
            correction=CORRECTION_KEYS[self.parameterAsEnum(
                parameters, self.RESIDUAL_CORRECTION, context)],
            mass_preserving=self.parameterAsBool(parameters, self.MASS_PRESERVING, context),
            gap_fill=self.parameterAsBool(parameters, self.GAP_FILL, context),
            clip_min=self.parameterAsDouble(parameters, self.CLIP_MIN, context),
            clip_max=self.parameterAsDouble(parameters, self.CLIP_MAX, context),
            variogram_model=VARIOGRAM_KEYS[self.parameterAsEnum(
                parameters, self.VARIOGRAM_MODEL, context)],
            variogram_scope=SCOPE_KEYS[self.parameterAsEnum(
                parameters, self.VARIOGRAM_SCOPE, context)],
            neighbours=self.parameterAsInt(parameters, self.NEIGHBOURS, context),
            dates=_split(self.parameterAsString(parameters, self.DATES, context)),
            mask_values=self._mask_values(parameters, context),
            n_threads=self.parameterAsInt(parameters, self.THREADS, context),
            compiled_inference=self.parameterAsBool(parameters, self.COMPILED_INFERENCE, context),
            compile_cache=self.compile_cache(parameters, context),
            resume=self.resume(parameters, context))
        output = self.output_layer(parameters, self.OUTPUT, context, "downscaled_sm")
        uncertainty = self.output_layer(parameters, self.UNCERTAINTY, context,
                                        "uncertainty") or None
        quality = self.output_layer(parameters, self.QUALITY, context, "quality") or None
        report = self.output_file(parameters, self.DATE_REPORT, context)
        if options.mask_values and mask is None:
            feedback.pushWarning(self.tr("Mask values were given without a mask layer; they "
                                         "are ignored."))
        summary = predict_stack(
            model, layers, output, coarse_path=raster_path(coarse) if coarse else None,
            options=options, mask_path=raster_path(mask) if mask else None,
            zones_path=raster_path(zones) if zones else None, uncertainty_path=uncertainty,
            quality_path=quality, progress=progress)
        results = {self.OUTPUT: output}
        style_soil_moisture_on_load(context, output, self.tr("Downscaled soil moisture"))
        if uncertainty:
            results[self.UNCERTAINTY] = uncertainty
            style_on_load(context, uncertainty, self.tr("Uncertainty (ensemble spread)"))
        if quality:
            results[self.QUALITY] = quality
            style_quality_on_load(context, quality, self.tr("Quality flags"))
        if report:
            results[self.DATE_REPORT] = write_date_table(report, DateRecord, summary["records"])
        mass = summary["mass_error"]
        results.update({"N_DATES": len(summary["dates"]),
                        "PREDICTED_PIXELS": summary["predicted"],
                        "GAP_FILLED_PIXELS": summary["gap_filled"],
                        "CLIPPED_PIXELS": summary["clipped"],
                        "MASS_ERROR_MAX": mass if math.isfinite(mass) else None,
                        "GAP_MODEL_PIXELS": summary["gap_model"],
                        "COVERAGE_PERCENT": summary["coverage"]
                        if math.isfinite(summary["coverage"]) else None,
                        "COMPILED_MODELS": summary["compiled"]})
        return results

    def _mask_values(self, parameters, context):
        values = []
        for text in _split(self.parameterAsString(parameters, self.MASK_VALUES, context)):
            try:
                values.append(float(text))
            except ValueError:
                raise QgsProcessingException(self.tr(
                    "Mask value '{value}' is not a number; list class codes separated by "
                    "commas, e.g. 17,13.").format(value=text)) from None
        return values


def _split(text):
    return [t.strip() for t in (text or "").replace(";", ",").split(",") if t.strip()]

