"""Write the shipped Graphical Modeler model models/soil_moisture_downscaling.model3.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/build_model.py [OUT.model3]

The model is built here with the Processing model API rather than by hand, so it
always names the current algorithms' parameters; open it in the Modeler to see or
change it. Run this after changing a parameter the model uses, and commit the file.

Chain: import the MODIS tiles as downloaded (MOD09GA reflectance, MOD11A1 LST; QA
screened, onto the DEM's grid) and stack the coarse files → derive NDVI → NDVI and LST
onto the coarse dates, cloud gaps interpolated in time (aligndates) → antecedent
precipitation →
terrain (slope, aspect) → train → predict (residual-corrected, gap-filled) → fuse
the stations → validate the downscaled map against the stations (with the coarse
product side by side). Learner, seasons, residual correction, fusion method and
interpolation are model inputs with the algorithms' own choices and defaults.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
MODEL_NAME = "downscalingchain"
TITLE = "Soil moisture downscaling chain"
DEFAULT_PATH = os.path.join(REPO, "models", "soil_moisture_downscaling.model3")
STATION_FIELDS = ("station_id_field", "value_field", "date_field", "group_field")


def _start():
    """A headless QgsApplication with Processing and this checkout's provider."""
    sys.path[:0] = [os.path.join(REPO, "tests", ".pkg"), "/usr/share/qgis/python/plugins"]
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    from smdownscale import classFactory

    plugin = classFactory(None)
    plugin.initProcessing()
    return app, plugin


def build():
    """The model as a QgsProcessingModelAlgorithm."""
    from qgis.core import QgsProcessingModelAlgorithm

    model = QgsProcessingModelAlgorithm(MODEL_NAME, "Workflows", "")
    model.setName(MODEL_NAME)
    model.setHelpContent({"ALG_DESC": HELP, "ALG_CREATOR": "smdownscale",
                          "ALG_HELP_CREATOR": "smdownscale", "ALG_TITLE": TITLE})
    _inputs(model)
    _children(model)
    model.updateDestinationParameters()
    return model


HELP = ("The whole downscaling study in one run (as in Nadeem et al. 2023, with the station "
        "fusion of Chen et al. 2023; see the README's References): coarse soil-moisture files "
        "become a dated stack and the daily MODIS tiles as downloaded (MOD09GA, MOD11A1 "
        "HDF4-EOS) are imported with their clouds removed by the QA bits onto the DEM's "
        "grid; NDVI is derived, and NDVI and LST are put on the coarse product's dates with "
        "their cloud gaps interpolated in time (up to 16 days; a pixel still missing is "
        "mapped by the gap model); the antecedent precipitation index, slope and aspect are "
        "derived; a model is trained on "
        "the coarse scale and predicts 1 km soil moisture for every date with residual "
        "correction and gap filling; the stations are fused into the map (30 % held out) and "
        "the downscaled map is validated against the stations beside the coarse product. "
        "Predictors are matched by layer name, so keep the same inputs when you run it again "
        "on new dates. Every step keeps its own defaults (Train: date models in a ±7-day "
        "window, dates with ≥ 50 % valid coarse cells; Predict: noise-aware kriging without "
        "exact mass preservation); edit a step in the Modeler to change them.")


def _inputs(model):
    from qgis.core import (QgsProcessing, QgsProcessingParameterField,
                           QgsProcessingParameterMultipleLayers,
                           QgsProcessingParameterRasterLayer,
                           QgsProcessingParameterVectorLayer)

    rasters = QgsProcessing.TypeRaster
    _add(model, QgsProcessingParameterMultipleLayers(
        "coarse_files", "Coarse soil-moisture files (one per date, m³/m³)", rasters))
    files = QgsProcessing.TypeFile
    _add(model, QgsProcessingParameterMultipleLayers(
        "modis_reflectance_tiles", "MOD09GA/MYD09GA tiles (.hdf, daily surface reflectance)",
        files))
    _add(model, QgsProcessingParameterMultipleLayers(
        "modis_lst_tiles", "MOD11A1/MYD11A1 tiles (.hdf, daily land surface temperature)",
        files))
    _add(model, QgsProcessingParameterRasterLayer(
        "precipitation", "Daily precipitation stack (mm, fine grid)"))
    _add(model, QgsProcessingParameterRasterLayer(
        "dem", "Elevation (its grid is the 1 km grid of the study)"))
    _add(model, QgsProcessingParameterMultipleLayers(
        "static_predictors", "Other static predictors (soil texture…)", rasters,
        optional=True))
    _add(model, QgsProcessingParameterRasterLayer(
        "landcover", "Land cover (class codes)"))
    _add(model, QgsProcessingParameterVectorLayer(
        "stations", "Station observations (points)", [QgsProcessing.TypeVectorPoint]))
    labels = {"station_id_field": "Station id field", "value_field": "Observed soil moisture "
              "field", "date_field": "Date field", "group_field": "Group field (e.g. network "
              "scale)"}
    for name in STATION_FIELDS:
        kind = (QgsProcessingParameterField.Numeric if name == "value_field"
                else QgsProcessingParameterField.Any)
        _add(model, QgsProcessingParameterField(
            name, labels[name], parentLayerParameterName="stations", type=kind,
            optional=name == "group_field"))
    for name, label, alg, param in CHOICES:
        _add(model, _copy(alg, param, name, label))
    cluster = _copy("smdownscale:predict", "CLUSTER", "cluster",
                    "Cluster for the heavy steps (empty = this process, local:N, "
                    "tcp://host:port)")
    _add(model, cluster)


# model input name, its label, child algorithm, its enum parameter
CHOICES = (("learner", "Learner", "smdownscale:train", "MODEL"),
           ("seasons", "Seasons (one model per season)", "smdownscale:train", "SEASONS"),
           ("residual_correction", "Residual correction", "smdownscale:predict",
            "RESIDUAL_CORRECTION"),
           ("fusion_method", "Station fusion method", "smdownscale:fuse", "METHOD"),
           ("interpolation", "Station fusion interpolation", "smdownscale:fuse",
            "INTERPOLATION"))


def _copy(alg_id, param, name, label):
    """A model input that is a copy of ``param`` of ``alg_id`` (same options and default)."""
    from qgis.core import QgsApplication

    definition = QgsApplication.processingRegistry().algorithmById(alg_id) \
        .parameterDefinition(param).clone()
    definition.setName(name)
    definition.setDescription(label)
    return definition


def _add(model, definition):
    from qgis.core import QgsProcessingModelParameter

    component = QgsProcessingModelParameter(definition.name())
    component.setPosition(_position(len(model.parameterComponents()), column=0))
    model.addModelParameter(definition, component)


def _position(row, column):
    from qgis.PyQt.QtCore import QPointF

    return QPointF(120 + 330 * column, 60 + 70 * row)


def _children(model):
    from qgis.core import QgsProcessingModelChildParameterSource as Source

    param = Source.fromModelParameter
    out = Source.fromChildOutput
    value = Source.fromStaticValue
    predictors = [out("ndvi_daily", "OUTPUT"), out("lst_daily", "OUTPUT"), param("dem"),
                  out("terrain", "SLOPE"), out("terrain", "ASPECT"), param("static_predictors"),
                  param("precipitation"), out("api", "OUTPUT")]
    stations = {"STATIONS": [param("stations")], "VALUE_FIELD": [param("value_field")],
                "DATE_FIELD": [param("date_field")],
                "STATION_ID_FIELD": [param("station_id_field")]}
    steps = [
        ("smap", "smdownscale:buildtimestack", "Coarse soil-moisture stack",
         {"INPUT": [param("coarse_files")], "NAME": [value("coarse_sm")]}, {}),
        ("reflectance", "smdownscale:importmodis", "Import MODIS reflectance (MOD09GA)",
         {"INPUT": [param("modis_reflectance_tiles")], "VARIABLES": [value([0])],
          "TARGET": [param("dem")]}, {}),
        ("lst", "smdownscale:importmodis", "Import MODIS LST (MOD11A1)",
         {"INPUT": [param("modis_lst_tiles")], "VARIABLES": [value([1])],
          "TARGET": [param("dem")]}, {}),
        ("ndvi", "smdownscale:deriveindices", "NDVI stack",
         {"INPUT": [out("reflectance", "REFLECTANCE")], "SENSOR": [value(0)],
          "NDVI": [value("TEMPORARY_OUTPUT")]}, {}),
        ("ndvi_daily", "smdownscale:aligndates", "NDVI on the coarse dates, clouds filled",
         {"INPUT": [out("ndvi", "NDVI")], "TARGET": [out("smap", "OUTPUT")]}, {}),
        ("lst_daily", "smdownscale:aligndates", "LST on the coarse dates, clouds filled",
         {"INPUT": [out("lst", "LST_DAY")], "TARGET": [out("smap", "OUTPUT")]}, {}),
        ("api", "smdownscale:antecedentprecip", "Antecedent precipitation index",
         {"INPUT": [param("precipitation")]}, {}),
        ("terrain", "smdownscale:terrain", "Slope and aspect", {"DEM": [param("dem")]}, {}),
        ("train", "smdownscale:train", "Train the downscaler",
         {"COARSE_SM": [out("smap", "OUTPUT")], "PREDICTORS": predictors,
          "CATEGORICAL": [param("landcover")], "MODEL": [param("learner")],
          "SEASONS": [param("seasons")], "SEED": [value(42)]},
         {"OUTPUT_MODEL": ("model", "Trained model (.smdm)"),
          "OUTPUT_REPORT": ("training_report", "Training report (HTML)")}),
        ("predict", "smdownscale:predict", "Predict 1 km soil moisture",
         {"MODEL": [out("train", "OUTPUT_MODEL")], "PREDICTORS": predictors,
          "CATEGORICAL": [param("landcover")], "COARSE_SM": [out("smap", "OUTPUT")],
          "RESIDUAL_CORRECTION": [param("residual_correction")], "GAP_FILL": [value(True)]},
         {"OUTPUT": ("downscaled", "Downscaled soil moisture (1 km)")}),
        ("fuse", "smdownscale:fuse", "Fuse the stations",
         dict(stations, INPUT=[out("predict", "OUTPUT")], METHOD=[param("fusion_method")],
              INTERPOLATION=[param("interpolation")], HOLDOUT_FRACTION=[value(0.3)],
              SEED=[value(42)]),
         {"OUTPUT": ("fused", "Fused soil moisture (1 km)"),
          "OUTPUT_HOLDOUT": ("holdout", "Held-out stations before and after fusion")}),
        ("validate", "smdownscale:validate", "Validate against the stations",
         dict(stations, INPUT=[out("predict", "OUTPUT")], GROUP_FIELD=[param("group_field")],
              COARSE_SM=[out("smap", "OUTPUT")]),
         {"OUTPUT_STATIONS": ("station_metrics", "Station metrics"),
          "OUTPUT_SUMMARY": ("summary", "Validation summary"),
          "OUTPUT_CONSISTENCY": ("consistency", "Consistency with the coarse product"),
          "OUTPUT_REPORT": ("report", "Validation report (HTML)")}),
    ]
    for row, (child_id, alg_id, description, sources, outputs) in enumerate(steps):
        model.addChildAlgorithm(_child(child_id, alg_id, description, sources, outputs, row))


def _child(child_id, alg_id, description, sources, outputs, row):
    from qgis.core import QgsProcessingModelChildAlgorithm, QgsProcessingModelOutput
    from qgis.core import QgsProcessingModelChildParameterSource as Source

    child = QgsProcessingModelChildAlgorithm(alg_id)
    child.setChildId(child_id)
    child.setDescription(description)
    child.setPosition(_position(row * 1.5, column=2))
    if _has_parameter(alg_id, "CLUSTER"):  # every step that can runs where the model says
        sources = dict(sources, CLUSTER=[Source.fromModelParameter("cluster")])
    for name, value in sources.items():
        child.addParameterSources(name, value)
    _set_defaults(child, alg_id, sources)
    model_outputs = {}
    for k, (child_output, (name, label)) in enumerate(outputs.items()):
        output = QgsProcessingModelOutput(name, label)
        output.setChildId(child_id)
        output.setChildOutputName(child_output)
        output.setDefaultValue("TEMPORARY_OUTPUT")
        # qgis_process does not fill an unset model output with its default, and the step
        # would then fail for an output it cannot skip: such outputs are mandatory.
        output.setMandatory(_required(alg_id, child_output))
        output.setPosition(_position(row * 1.5 + 0.6 * k, column=3))
        model_outputs[name] = output
    child.setModelOutputs(model_outputs)
    return child


def _set_defaults(child, alg_id, sources):
    """Give every other input of the step its default as a static value.

    The Modeler treats an input without a value as missing (a red step) even when the
    algorithm has a default; writing the defaults also documents them in the model.
    """
    from qgis.core import QgsApplication
    from qgis.core import QgsProcessingModelChildParameterSource as Source

    alg = QgsApplication.processingRegistry().algorithmById(alg_id)
    for definition in alg.parameterDefinitions():
        if definition.isDestination() or definition.name() in sources:
            continue
        if definition.defaultValue() is not None:
            child.addParameterSources(definition.name(),
                                      [Source.fromStaticValue(definition.defaultValue())])


def _has_parameter(alg_id, name):
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().algorithmById(alg_id)
    return alg.parameterDefinition(name) is not None


def _required(alg_id, output_name):
    """True when ``output_name`` of ``alg_id`` cannot be left out."""
    from qgis.core import QgsApplication, QgsProcessingParameterDefinition

    definition = QgsApplication.processingRegistry().algorithmById(alg_id) \
        .parameterDefinition(output_name)
    return not definition.flags() & QgsProcessingParameterDefinition.FlagOptional


def main(path=DEFAULT_PATH):
    app, plugin = _start()
    model = build()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if not model.toFile(path):
        raise SystemExit(f"Could not write {path}")
    print(f"wrote {path}: {len(model.childAlgorithms())} steps, "
          f"{len(model.parameterDefinitions())} parameters")
    plugin.unload()
    return app


if __name__ == "__main__":
    main(*sys.argv[1:2])
