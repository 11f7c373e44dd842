"""smdownscale:train — learn coarse soil moisture from predictors aggregated to its grid."""
from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingParameterBoolean,
                       QgsProcessingParameterEnum, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterMultipleLayers,
                       QgsProcessingParameterRasterLayer, QgsProcessingParameterString)

from ..engine.learn import learners
from .base import SmAlgorithm, raster_path

# Enum orders are part of the public contract (saved models and scripts use the
# indexes); they equal engine.learn.learners.LEARNERS, engine.learn.partitions.SCHEMES,
# engine.learn.crossval.SCHEMES and engine.learn.features.ENCODINGS (a test keeps them equal;
# the provider does not import numpy).
MODEL_KEYS = list(learners.LEARNERS)
SEASON_KEYS = ["none", "meteorological", "custom"]
VALIDATION_KEYS = ["random", "kfold", "spatial", "dates"]
ENCODING_KEYS = ["fractions", "mode"]
STACK_KEYS = list(learners.STACK_CANDIDATES)
DATE_MODEL_KEYS = ["none", "date", "window"]  # engine.learn.date_models.MODES
DATE_LEARNER_KEYS = list(learners.SMALL_SAMPLE) + [
    k for k in learners.LEARNERS if k not in learners.SMALL_SAMPLE and k != "stacking"]
DATE_BLEND_KEYS = ["skill", "equal", "date"]  # engine.learn.date_models.BLENDS
DEFAULTS = {"MIN_COVERAGE": 0.5, "FOLDS": 5, "BLOCK_SIZE": 3, "MIN_PARTITION_SAMPLES": 50,
            "IMPORTANCE_REPEATS": 5, "SEED": 42, "DATE_WINDOW": 7, "MIN_DATE_SAMPLES": 30,
            "HOMOGENEITY_DROP": 0.0}


class Train(SmAlgorithm):
    """Fit a learner (or one per season/zone) on coarse samples; write model and report."""

    ALG_ID = "train"
    GROUP_ID = "downscale"
    REQUIRES = ("numpy", "rasterio", "scipy", "sklearn", "matplotlib")

    COARSE_SM = "COARSE_SM"
    PREDICTORS = "PREDICTORS"
    CATEGORICAL = "CATEGORICAL"
    CATEGORICAL_ENCODING = "CATEGORICAL_ENCODING"
    MODEL = "MODEL"
    STACK_BASE = "STACK_BASE"
    SEASONS = "SEASONS"
    CUSTOM_SEASONS = "CUSTOM_SEASONS"
    ZONES = "ZONES"
    MIN_PARTITION_SAMPLES = "MIN_PARTITION_SAMPLES"
    ADD_DOY = "ADD_DOY"
    ADD_COORDS = "ADD_COORDS"
    ADD_AMPM = "ADD_AMPM"
    MIN_COVERAGE = "MIN_COVERAGE"
    VALIDATION = "VALIDATION"
    FOLDS = "FOLDS"
    BLOCK_SIZE = "BLOCK_SIZE"
    SEARCH_BUDGET = "SEARCH_BUDGET"
    IMPORTANCE_REPEATS = "IMPORTANCE_REPEATS"
    SEED = "SEED"
    THREADS = "THREADS"
    GA_POPULATION = "GA_POPULATION"
    GA_GENERATIONS = "GA_GENERATIONS"
    DBN_LAYERS = "DBN_LAYERS"
    DBN_EPOCHS = "DBN_EPOCHS"
    DATE_MODELS = "DATE_MODELS"
    DATE_WINDOW = "DATE_WINDOW"
    DATE_LEARNER = "DATE_LEARNER"
    DATE_BLEND = "DATE_BLEND"
    MIN_DATE_SAMPLES = "MIN_DATE_SAMPLES"
    DATE_ANOMALIES = "DATE_ANOMALIES"
    HOMOGENEITY_DROP = "HOMOGENEITY_DROP"
    HOMOGENEITY_WEIGHT = "HOMOGENEITY_WEIGHT"
    GAP_MODEL = "GAP_MODEL"
    COMPILE = "COMPILE"
    OUTPUT_MODEL = "OUTPUT_MODEL"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    NUMBERS = (("TEST_R", "Test R"), ("TEST_RMSE", "Test RMSE (m³/m³)"),
               ("TEST_UBRMSE", "Test ubRMSE (m³/m³)"), ("TEST_BIAS", "Test bias (m³/m³)"),
               ("TEST_MAE", "Test MAE (m³/m³)"), ("N_SAMPLES", "Number of training samples"),
               ("N_DATES", "Number of dates used"),
               ("COMPILED_MODELS", "LightGBM models compiled into the cache"))

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Train downscaling model")

    def shortDescription(self):  # noqa: N802 (QGIS API name)
        return self.tr("Learn coarse soil moisture from predictors aggregated to the coarse "
                       "grid (random forest, boosting, MLP, SVR, KNN, stacking…).")

    def help_summary(self):
        return self.tr(
            "Step 1 of every downscaling study: for each date of the coarse soil-moisture stack "
            "(SMAP 36/9 km, AMSR2, SMOS), the fine predictors are aggregated onto the coarse "
            "grid and a machine-learning model learns soil moisture from them. Predict "
            "downscaled soil moisture then applies the model to the 1 km predictors. Methods: "
            "Nadeem et al. 2023 (RF/MLP, 70/15/15 split, ≥ 90 % coverage, %IncMSE), Yan & Bai "
            "2020 (seasonal models, RF/SVR/KNN), Xu et al. 2024 (stacking of "
            "XGBoost/LightGBM/CatBoost, terrain zones, DOY, SHAP), Chen et al. 2023 "
            "(GA-optimised BP network; lon/lat, day sequence and AM/PM features; grid search "
            "with 20-fold CV), Cai et al. 2022 (deep belief network).")

    def help_entries(self):
        tr = self.tr
        return {
            self.COARSE_SM: tr(
                "time stack of the coarse product (m³/m³), one band per date with its ISO date "
                "as band description (see Build time stack). Its nodata cells are gaps."),
            self.PREDICTORS: tr(
                "continuous fine rasters (NDVI, LST, DEM, slope, soil texture, precipitation…). "
                "A single-band layer without a date is static and applies to every date; a "
                "time stack is dynamic and matched to the coarse dates by date (the day; the "
                "time too when both carry one). Each is aggregated by its area-weighted mean "
                "onto the coarse grid (a coarse cell needs ≥ 50 % valid fine cells). Feature "
                "names are the layer names: Predict matches layers to features by these names, "
                "so keep them."),
            (self.CATEGORICAL, self.CATEGORICAL_ENCODING): tr(
                "optional class rasters (land cover, soil class), integer codes, at most 50 "
                "classes. Encoding (advanced): class fractions (default; one feature per "
                "class, its area share in the coarse cell — 0 or 1 for a fine cell) or mode "
                "(the majority class code as one feature; suits trees only)."),
            self.MODEL: tr(
                "random forest (500 trees, a third of the features per split, leaves ≥ 5: R "
                "randomForest defaults as in Nadeem et al. 2023 and Yan & Bai 2020); extra "
                "trees (500 trees); histogram gradient boosting, XGBoost, LightGBM, CatBoost "
                "(500 rounds, learning rate 0.05, depth 6, subsampling 0.8; CatBoost only "
                "when the catboost package is installed); MLP neural network (two hidden "
                "layers of 100 ReLU units — Nadeem et al. 2023 used 200 hidden neurons —, "
                "Adam, early stopping on 10 % of the training samples, ≤ 200 epochs); "
                "support-vector regression (RBF, C = 1, ε = 0.1 sd, γ = scale); k-nearest "
                "neighbours (10, inverse-distance weights); GA-optimised BP network and deep "
                "belief network (below); stacking ensemble (Xu et al. 2024: base learners "
                "fitted on 5-fold out-of-fold predictions, combined by a non-negative linear "
                "regression). MLP, SVR and KNN standardise inputs and target internally. All "
                "learners use threads, not processes."),
            (self.GA_POPULATION, self.GA_GENERATIONS, self.DBN_LAYERS, self.DBN_EPOCHS): tr(
                "advanced. The GABP of Chen et al. 2023: a genetic algorithm (real coding, "
                "roulette selection, arithmetic crossover, non-uniform mutation, fitness 1/SSE "
                "on a 15 % validation split; population 30 × 30 generations here, 100 × 262 in "
                "the paper) picks the hidden-layer size (4–20 tanh units) and the initial "
                "weights, then Levenberg–Marquardt trains the network to an MSE of 1e-4 "
                "(m³/m³)² or 100 epochs (the paper: 0.001), keeping the weights best on the "
                "validation split. The DBN of Cai et al. 2022: RBM layers [128, 64] pre-trained "
                "by contrastive divergence (CD-1, 20 epochs, rate 0.1) on inputs scaled to "
                "0–1, fine-tuned by back-propagation with the Smooth-L1 loss and dropout 0.05 "
                "(200 epochs, rate 0.05, batch 16; the paper: [1000, 1000], 400 and 800 "
                "epochs, rate 0.1). The papers' values are in the labels. Both are seeded and "
                "need no extra package. The 1-D CNN of Chen et al. 2023 is not offered: it "
                "would need a deep-learning library, and the paper found it over-smooths the "
                "downscaled field."),
            self.STACK_BASE: tr(
                "the stacking ensemble's members; default XGBoost + LightGBM + random forest, "
                "plus CatBoost when installed."),
            (self.SEASONS, self.CUSTOM_SEASONS): tr(
                "none (one model), meteorological (DJF, MAM, JJA, SON: one model each, Yan & "
                "Bai 2020) or custom month groups, e.g. '11,12,1,2,3;4,5,6,7,8,9,10' for a "
                "cold and a warm season (every month exactly once)."),
            self.ZONES: tr(
                "optional raster of zone codes (e.g. terrain zones, Xu et al. 2024): one model "
                "per zone (per zone and season with seasons). Aggregated to the coarse grid by "
                "mode. Predict routes each pixel and date to its partition's model."),
            self.MIN_PARTITION_SAMPLES: tr(
                "advanced, default 50: a season or zone partition with fewer training samples "
                "uses the global model (a warning names it)."),
            (self.ADD_DOY, self.ADD_COORDS, self.ADD_AMPM): tr(
                "extra features: day of year as sin/cos on the annual circle (31 Dec and 1 Jan "
                "are neighbours; default on), cell-centre longitude and latitude in degrees "
                "(default off), and PM = 1 for afternoon passes when the coarse band dates "
                "carry a time (default on)."),
            self.MIN_COVERAGE: tr(
                "0–1, default 0.5: a date is used only when at least this share of the coarse "
                "cells that ever hold soil moisture are valid in the target and every "
                "predictor. Dropped dates and why are logged and reported. Nadeem et al. 2023 "
                "kept dates with ≥ 90 %; with daily clouds and swath gaps that drops most dates "
                "(on the peer benchmark of the README, 0.9 left a handful of dates and the map "
                "barely beat the coarse product), and date models need their dates."),
            (self.DATE_MODELS, self.DATE_WINDOW, self.DATE_LEARNER, self.DATE_BLEND,
             self.MIN_DATE_SAMPLES): tr(
                "next to the pooled model (one for all dates), one small model per date, "
                "fitted on the samples of the dates within the window (default ±7 days; one "
                "per date: its own samples only) — the relation between predictors and soil "
                "moisture changes from day to day (the data-mining sharpener of Gao et al. "
                "2012 fits one per scene). Learner (advanced): ridge regression (default), "
                "bagged linear-leaf trees (Gao et al. 2012), LightGBM with linear leaves, or "
                "any other; features are clipped to the window's range widened by 50 % and "
                "predictions to its target range widened by 25 %. Blend (advanced): the date "
                "model and the pooled model are averaged with weights by their held-out MSE "
                "(default), equally, or the date model alone. A date whose window holds fewer "
                "samples than the minimum (advanced, default 30) has no date model; Predict "
                "uses the nearest date model within the window, else the pooled model alone. "
                "The reported skill is the blend's, on held-out samples."),
            self.DATE_ANOMALIES: tr(
                "advanced, default on: each dynamic continuous predictor enters as two "
                "features, its value minus the mean of its band on that date (over every "
                "valid fine cell) and that mean, so a model sees the day's contrasts between "
                "cells apart from the day's overall level. The same band mean is used in "
                "Predict."),
            (self.HOMOGENEITY_DROP, self.HOMOGENEITY_WEIGHT): tr(
                "advanced (Gao et al. 2012 train on the most homogeneous coarse cells): a "
                "sample's heterogeneity is the coefficient of variation of each continuous "
                "predictor inside its coarse cell (exact area-weighted aggregation), averaged "
                "over the predictors. Left out: this share of the least homogeneous samples "
                "is not fitted (default 0); weight: the others count by homogeneity, from 0.1 "
                "(least) to 1.1 (most), for learners that take weights (trees, boosting, "
                "ridge, linear-leaf trees). On the README's benchmark leaving out 10–20 % cost "
                "accuracy and weighting changed it by less than a point, hence the defaults."),
            self.GAP_MODEL: tr(
                "advanced, default on: a dynamic predictor missing on some coarse cell with "
                "soil moisture on some training date (NDVI or LST under clouds) can be missing "
                "on fine pixels when predicting. A second model, fitted on the same samples "
                "without those predictors (same learner, global, no date models), is stored "
                "in the model file; Predict maps such pixels with it instead of leaving a "
                "hole. The log names the predictors it leaves out."),
            (self.VALIDATION, self.FOLDS, self.BLOCK_SIZE): tr(
                "random 70/15/15 split (Nadeem et al. 2023: fit on 70 %, hyperparameters "
                "chosen on 15 %, skill on the last 15 %); random k-fold; spatial block k-fold "
                "(blocks of block size × block size coarse cells held out together — "
                "neighbouring cells are correlated, so random splits overstate skill at unseen "
                "places); leave-dates-out k-fold (whole dates held out). k-fold schemes report "
                "out-of-fold skill and then fit the final model on all samples."),
            self.SEARCH_BUDGET: tr(
                "0 (default) keeps the defaults above; n > 0 tries n random parameter sets "
                "(randomised search; Chen et al. 2023 used grid search with 20-fold CV) scored "
                "on the validation split (random scheme) or by 3-fold (at least 2-fold) CV of "
                "the same kind inside each training set (k-fold schemes, nested, so the "
                "reported skill stays honest)."),
            self.SEED: tr("seeds splits, folds, learners and importance; the same inputs and "
                          "seed give the same model and predictions."),
            self.IMPORTANCE_REPEATS: tr(
                "advanced, default 5: how often each feature is shuffled for its %IncMSE "
                "importance (the mean of the repeats is reported)."),
            self.COMPILE: tr(
                "advanced, default off: after training, compile every LightGBM part of the model "
                "(partitions, gap model, date models, stacking members) to machine code "
                "(lleaves) into the compiled-model cache, so that Predict loads it instead of "
                "compiling or falling back to the learner (≈ 2.5 ms per leaf: about 40 s for "
                "the default 500 × 31-leaf model). Other learners are not compiled; where lleaves "
                "is missing the log says so and the model file is the same."),
            self.THREADS: tr(
                "advanced. 0 (default) = automatic: one thread per 20,000 samples, up to all "
                "cores (boosting on a few thousand samples gains nothing from more threads and "
                "their busy-waiting threads slow a busy machine down badly); n > 0 forces n "
                "threads."),
            self.OUTPUT_MODEL: tr(
                "a .smdm file (a ZIP: manifest.json with features, units, encodings, "
                "partitions, metrics, library versions and seed; estimators.pkl; "
                "samples.npz). Predict reads it; in Python: "
                "smdownscale.engine.learn.modelfile.load_model(path). A model saved with "
                "another major.minor version of scikit-learn/XGBoost/LightGBM/CatBoost is "
                "refused with the reason. Load only model files you trust (pickle)."),
            self.OUTPUT_REPORT: tr(
                "HTML page: data summary, dates used and dropped, metrics per split, "
                "partitions, predicted-vs-observed scatter per split, %IncMSE importance (and "
                "mean |SHAP| for XGBoost/LightGBM/CatBoost)."),
            self.number_names(): tr("held-out samples (m³/m³ where a unit applies), for the "
                                    "next Modeler step."),
        }

    def help_notes(self):
        tr = self.tr
        return [
            tr("Metrics (pytesmo definitions): bias = mean(predicted − observed); RMSE; "
               "ubRMSE = √(RMSE² − bias²); MAE; Pearson R; skill = 1 − MSE / MSE of "
               "predicting the training mean (> 0 beats the mean)."),
            tr("Importance: %IncMSE = increase of the held-out MSE, in %, when one feature is "
               "shuffled (mean of the repeats; Nadeem et al. 2023, Yan & Bai 2020)."),
            tr("Cancel takes effect between fits."),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        tr = self.tr
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.COARSE_SM, tr("Coarse soil moisture (time stack, m³/m³)")))
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.PREDICTORS, tr("Predictors (continuous; static layers or time stacks)"),
            QgsProcessing.TypeRaster))
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.CATEGORICAL, tr("Categorical predictors (class codes)"),
            QgsProcessing.TypeRaster, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.MODEL, tr("Learner"), options=[self._learner_label(k) for k in MODEL_KEYS],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.STACK_BASE, tr("Stacking base learners"),
            options=[learners.LABELS[k] for k in STACK_KEYS], allowMultiple=True,
            defaultValue=[STACK_KEYS.index(k) for k in learners.default_stack_base()],
            optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.SEASONS, tr("Seasons"),
            options=[tr("None (one model)"), tr("Meteorological (DJF, MAM, JJA, SON)"),
                     tr("Custom month groups")], defaultValue=0))
        self.addParameter(QgsProcessingParameterString(
            self.CUSTOM_SEASONS, tr("Custom month groups (e.g. 11,12,1,2,3;4,5,6,7,8,9,10)"),
            optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.ZONES, tr("Zones (one model per zone code)"), optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.ADD_DOY, tr("Add day of year (sin/cos)"), defaultValue=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.ADD_COORDS, tr("Add longitude and latitude"), defaultValue=False))
        self.addParameter(QgsProcessingParameterBoolean(
            self.ADD_AMPM, tr("Add AM/PM (when band dates carry a time)"), defaultValue=True))
        self.add_number(self.MIN_COVERAGE, tr("Minimum valid coverage of a date (0–1)"),
                        DEFAULTS[self.MIN_COVERAGE], 0.0, 1.0)
        self.addParameter(QgsProcessingParameterEnum(
            self.VALIDATION, tr("Validation"),
            options=[tr("Random 70/15/15 split"), tr("Random k-fold"),
                     tr("Spatial block k-fold"), tr("Leave-dates-out k-fold")], defaultValue=0))
        self.add_number(self.FOLDS, tr("Folds (k-fold schemes)"), DEFAULTS[self.FOLDS], 2, 50,
                        integer=True)
        self.add_number(self.BLOCK_SIZE, tr("Spatial block size (coarse cells)"),
                        DEFAULTS[self.BLOCK_SIZE], 1, 1000, integer=True)
        self.add_number(self.SEARCH_BUDGET,
                        tr("Hyperparameter search budget (candidates; 0 = defaults)"), 0, 0,
                        500, integer=True)
        self.add_number(self.SEED, tr("Random seed"), DEFAULTS[self.SEED], 0, 2 ** 31 - 1,
                        integer=True)
        self.addParameter(QgsProcessingParameterEnum(
            self.DATE_MODELS, tr("Date models"),
            options=[tr("None (the pooled model only)"), tr("One per date"),
                     tr("One per moving window of dates")], defaultValue=2))
        self.add_number(self.DATE_WINDOW, tr("Date window (days either side)"),
                        DEFAULTS[self.DATE_WINDOW], 0, 366, integer=True)
        self.add_advanced(QgsProcessingParameterEnum(
            self.DATE_LEARNER, tr("Date models: learner"),
            options=[self._learner_label(k) for k in DATE_LEARNER_KEYS], defaultValue=0))
        self.add_advanced(QgsProcessingParameterEnum(
            self.DATE_BLEND, tr("Date models: blend with the pooled model"),
            options=[tr("By held-out skill"), tr("Equal weights"), tr("Date models alone")],
            defaultValue=0))
        self.add_number(self.MIN_DATE_SAMPLES, tr("Date models: minimum samples"),
                        DEFAULTS[self.MIN_DATE_SAMPLES], 2, integer=True, advanced=True)
        self.add_advanced(QgsProcessingParameterBoolean(
            self.DATE_ANOMALIES, tr("Dynamic predictors as date anomaly + date mean"),
            defaultValue=True))
        self.add_number(self.HOMOGENEITY_DROP,
                        tr("Share of least homogeneous samples left out (0–0.9)"),
                        DEFAULTS[self.HOMOGENEITY_DROP], 0.0, 0.9, advanced=True)
        self.add_advanced(QgsProcessingParameterBoolean(
            self.HOMOGENEITY_WEIGHT, tr("Weight samples by homogeneity"), defaultValue=False))
        self.add_advanced(QgsProcessingParameterBoolean(
            self.GAP_MODEL, tr("Gap model for pixels under clouds"), defaultValue=True))
        self.add_advanced(QgsProcessingParameterEnum(
            self.CATEGORICAL_ENCODING, tr("Categorical encoding"),
            options=[tr("Class fractions"), tr("Mode (class code)")], defaultValue=0))
        self.add_number(self.MIN_PARTITION_SAMPLES,
                        tr("Minimum training samples of a season/zone model"),
                        DEFAULTS[self.MIN_PARTITION_SAMPLES], 1, integer=True, advanced=True)
        self.add_number(self.IMPORTANCE_REPEATS, tr("Permutation importance repeats"),
                        DEFAULTS[self.IMPORTANCE_REPEATS], 1, 100, integer=True, advanced=True)
        self.add_number(self.THREADS, tr("Threads (0 = automatic)"), 0, 0, 256, integer=True,
                        advanced=True)
        self.add_number(self.GA_POPULATION, tr("GABP: population (Chen et al. 2023: 100)"), 30,
                        4, 1000, integer=True, advanced=True)
        self.add_number(self.GA_GENERATIONS, tr("GABP: generations (Chen et al. 2023: 262)"),
                        30, 0, 5000, integer=True, advanced=True)
        self.add_advanced(QgsProcessingParameterString(
            self.DBN_LAYERS, tr("DBN: hidden layers (Cai et al. 2022: 1000,1000)"),
            defaultValue="128,64"))
        self.add_number(self.DBN_EPOCHS, tr("DBN: fine-tuning epochs (Cai et al. 2022: 800)"),
                        200, 1, 5000, integer=True, advanced=True)
        self.add_advanced(QgsProcessingParameterBoolean(
            self.COMPILE, tr("Compile LightGBM models for Predict (lleaves)"),
            defaultValue=False))
        self.add_compile_cache()
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_MODEL, tr("Model file"), tr("Downscaling model (*.smdm)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, tr("Training report"), tr("HTML files (*.html)"),
            optional=True))
        self.add_numbers()

    def _learner_label(self, key):
        label = self.tr(learners.LABELS[key])
        if not learners.available(key):
            label += self.tr(" (not installed)")
        return label

    def process(self, parameters, context, feedback, progress):
        from ..engine.learn.features import PredictorLayer
        from ..engine.learn.modelfile import EXTENSION, save_model
        from ..engine.report.training_report import write_training_report
        from ..engine.learn.samples import SampleOptions, build_samples
        from ..engine.learn.training import train

        coarse = self.required_raster(parameters, self.COARSE_SM, context, self.tr(
            "No coarse soil-moisture layer was given. Select the coarse time stack."))
        layers = [PredictorLayer(l.name(), raster_path(l))
                  for l in self.parameterAsLayerList(parameters, self.PREDICTORS, context)]
        layers += [PredictorLayer(l.name(), raster_path(l), categorical=True)
                   for l in self.parameterAsLayerList(parameters, self.CATEGORICAL, context)]
        zones = self.parameterAsRasterLayer(parameters, self.ZONES, context)
        config = self._config(parameters, context, zones is not None).validated()
        model_path = self.output_file(parameters, self.OUTPUT_MODEL, context)
        if not model_path:
            raise QgsProcessingException(self.tr(
                "No file was given for the trained model. Choose where to save the .smdm "
                "file."))
        if not model_path.lower().endswith(EXTENSION):
            model_path += EXTENSION
        report = self.output_file(parameters, self.OUTPUT_REPORT, context)
        options = SampleOptions(
            encoding=config.encoding,
            add_doy=self.parameterAsBool(parameters, self.ADD_DOY, context),
            add_coords=self.parameterAsBool(parameters, self.ADD_COORDS, context),
            add_pm=self.parameterAsBool(parameters, self.ADD_AMPM, context),
            min_coverage=self.parameterAsDouble(parameters, self.MIN_COVERAGE, context),
            date_anomalies=self.parameterAsBool(parameters, self.DATE_ANOMALIES, context),
            homogeneity=(config.homogeneity_drop > 0 or config.homogeneity_weight))
        samples = build_samples(raster_path(coarse), layers,
                                zones_path=raster_path(zones) if zones else None,
                                options=options, progress=progress)
        for iso, reason in samples.dropped:
            feedback.pushInfo(self.tr("Dropped {date}: {reason}").format(date=iso, reason=reason))
        model = train(samples, config, progress=progress)
        save_model(model, model_path)
        results = {self.OUTPUT_MODEL: model_path}
        if report:
            results[self.OUTPUT_REPORT] = write_training_report(report, model)
        test = model.info["metrics"]["test"]
        feedback.pushInfo(self.tr(
            "Held-out skill ({n} samples): R {r:.3f}, RMSE {rmse:.4f}, ubRMSE {ub:.4f}, bias "
            "{bias:+.4f} m³/m³; skill vs the mean {skill:.2f}").format(
                n=test["n"], r=test["r"], rmse=test["rmse"], ub=test["ubrmse"],
                bias=test["bias"], skill=test["skill"]))
        results.update({"TEST_R": test["r"], "TEST_RMSE": test["rmse"],
                        "TEST_UBRMSE": test["ubrmse"], "TEST_BIAS": test["bias"],
                        "TEST_MAE": test["mae"], "N_SAMPLES": len(samples),
                        "N_DATES": len(samples.dates),
                        "COMPILED_MODELS": self._compile(model, parameters, context, progress)})
        return results

    def _compile(self, model, parameters, context, progress):
        """Compile the model's LightGBM parts into the cache when asked; how many were."""
        if not self.parameterAsBool(parameters, self.COMPILE, context):
            return 0
        from ..engine.predict.compiled import CompileOptions, report
        from ..engine.predict.compiled_model import compiled_model

        options = CompileOptions(cache_dir=self.compile_cache(parameters, context))
        parts = compiled_model(model, options)[1]
        report(parts.results, progress)
        return parts.count

    def _config(self, parameters, context, use_zones):
        from ..engine.learn.training import TrainConfig

        learner = MODEL_KEYS[self.parameterAsEnum(parameters, self.MODEL, context)]
        base = [STACK_KEYS[i] for i in self.parameterAsEnums(parameters, self.STACK_BASE,
                                                              context)]
        return TrainConfig(
            learner=learner,
            seasons=SEASON_KEYS[self.parameterAsEnum(parameters, self.SEASONS, context)],
            custom_seasons=self.parameterAsString(parameters, self.CUSTOM_SEASONS, context),
            use_zones=use_zones,
            validation=VALIDATION_KEYS[self.parameterAsEnum(parameters, self.VALIDATION,
                                                            context)],
            folds=self.parameterAsInt(parameters, self.FOLDS, context),
            block=self.parameterAsInt(parameters, self.BLOCK_SIZE, context),
            search_budget=self.parameterAsInt(parameters, self.SEARCH_BUDGET, context),
            min_partition_samples=self.parameterAsInt(parameters, self.MIN_PARTITION_SAMPLES,
                                                      context),
            seed=self.parameterAsInt(parameters, self.SEED, context),
            n_threads=self.parameterAsInt(parameters, self.THREADS, context),
            stack_base=(base or None) if learner == "stacking" else None,
            importance_repeats=self.parameterAsInt(parameters, self.IMPORTANCE_REPEATS, context),
            learner_params=self._learner_params(learner, parameters, context),
            encoding=ENCODING_KEYS[self.parameterAsEnum(parameters, self.CATEGORICAL_ENCODING,
                                                        context)],
            date_models=DATE_MODEL_KEYS[self.parameterAsEnum(parameters, self.DATE_MODELS,
                                                             context)],
            date_window=self.parameterAsInt(parameters, self.DATE_WINDOW, context),
            date_learner=DATE_LEARNER_KEYS[self.parameterAsEnum(parameters, self.DATE_LEARNER,
                                                                context)],
            date_blend=DATE_BLEND_KEYS[self.parameterAsEnum(parameters, self.DATE_BLEND,
                                                            context)],
            min_date_samples=self.parameterAsInt(parameters, self.MIN_DATE_SAMPLES, context),
            homogeneity_drop=self.parameterAsDouble(parameters, self.HOMOGENEITY_DROP, context),
            homogeneity_weight=self.parameterAsBool(parameters, self.HOMOGENEITY_WEIGHT,
                                                    context),
            gap_model=self.parameterAsBool(parameters, self.GAP_MODEL, context))

    def _learner_params(self, learner, parameters, context):
        """GABP's population and generations, DBN's layers and fine-tuning epochs."""
        if learner == "gabp":
            return {"population": self.parameterAsInt(parameters, self.GA_POPULATION, context),
                    "generations": self.parameterAsInt(parameters, self.GA_GENERATIONS,
                                                       context)}
        if learner == "dbn":
            text = self.parameterAsString(parameters, self.DBN_LAYERS, context)
            try:
                layers = tuple(int(v) for v in text.replace(";", ",").split(",") if v.strip())
            except ValueError:
                layers = ()
            if not layers or min(layers) < 1:
                raise QgsProcessingException(self.tr(
                    "The DBN layers must be positive whole numbers separated by commas, e.g. "
                    "128,64 (got '{text}').").format(text=text))
            return {"hidden_layers": layers,
                    "bp_epochs": self.parameterAsInt(parameters, self.DBN_EPOCHS, context)}
        return None
