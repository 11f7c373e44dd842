"""Options objects: frozen dataclasses with one ``validated()`` that returns a checked copy.

Every engine step takes its choices as one such object (PredictOptions, FuseOptions,
ValidateOptions, ImportOptions (SMAP), ModisOptions, LandsatOptions, Sentinel2Options,
AlignOptions, SampleOptions, TrainConfig, RegionSpec). The step calls
``validated()`` and never changes the object it was given; the object refuses bad
values with the message the step gave before.
"""
import ast
import copy
import dataclasses
import os

import pytest

from smdownscale.engine.errors import InputError
from smdownscale.engine.learn import learners
from smdownscale.engine.learn.samples import SampleOptions
from smdownscale.engine.learn.training import TrainConfig
from smdownscale.engine.predict.compiled import CompileOptions
from smdownscale.engine.predict.prediction import PredictOptions
from smdownscale.engine.prepare.coarse.amsr2 import Amsr2Options
from smdownscale.engine.prepare.coarse.cci import CciOptions
from smdownscale.engine.prepare.coarse.smos import SmosOptions
from smdownscale.engine.prepare.date_alignment import AlignOptions
from smdownscale.engine.prepare.landsat.importer import LandsatOptions
from smdownscale.engine.prepare.modis.importer import ModisOptions
from smdownscale.engine.prepare.precipitation.importer import PrecipitationOptions
from smdownscale.engine.prepare.product_matching import MatchOptions
from smdownscale.engine.prepare.sentinel1.composite import Sentinel1Options
from smdownscale.engine.prepare.sentinel2.importer import Sentinel2Options
from smdownscale.engine.prepare.smap import ImportOptions
from smdownscale.engine.stations.fusion import FuseOptions
from smdownscale.engine.stations.ismn.filters import IsmnOptions
from smdownscale.engine.stations.statistics import StatisticsOptions
from smdownscale.engine.stations.validation import ValidateOptions
from smdownscale.engine.synthetic import RegionSpec

ENGINE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "engine")

# Each options class with choices that exercise its normalisation (lists where tuples go).
EXAMPLES = [
    PredictOptions(dates=["2019-06-03"], mask_values=[2, 3], correction="bilinear"),
    FuseOptions(method="gra", interpolation="idw", search_radius_km=0),
    ValidateOptions(min_pairs=3, date=""),
    ImportOptions(passes="am", quality="retrieved"),
    SampleOptions(encoding="mode", add_coords=1, min_coverage=0.5),
    TrainConfig("stacking", stack_base=["rf", "knn"], folds="3", learner_params={"a": 1}),
    RegionSpec(n_days=2),
    ModisOptions(product="MOD11A1", variables=["lst_day"], quality="strict"),
    LandsatOptions(quality="lenient"),
    Sentinel2Options(quality="none"),
    Sentinel1Options(relative_orbits=[142, "69"], direction="both"),
    AlignOptions(max_gap_days=8, sg_half_window=2, sg_order=2),
    PrecipitationOptions(product="chirps", imerg_variable="microwave"),
    Amsr2Options(passes="asc_desc", fill_codes=[-32768]),
    SmosOptions(passes="desc", science_flag_mask=8.0, ic_max_quality=1.0),
    CciOptions(flag_mask=3.0),
    IsmnOptions(flags="g, D01", networks=["SCAN"], start="", sensors="average"),
    MatchOptions(method="cdf", scope="per_cell", min_pairs=5.0, percentiles=[0, 50, 100]),
    StatisticsOptions(bootstrap=1, bootstrap_samples="200", min_pairs=5.0, months=0),
    CompileOptions(enabled=0, cache_dir="~/compiled"),
]
IDS = [type(o).__name__ for o in EXAMPLES]


@pytest.mark.parametrize("options", EXAMPLES, ids=IDS)
def test_validated_returns_a_new_object_and_leaves_the_original_unchanged(options):
    before = copy.deepcopy(options)
    checked = options.validated()
    assert checked is not options
    assert type(checked) is type(options)
    assert options == before
    assert checked.validated() == checked  # normalising twice changes nothing more


@pytest.mark.parametrize("options", EXAMPLES, ids=IDS)
def test_options_are_frozen(options):
    name = dataclasses.fields(options)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(options, name, getattr(options, name))
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(options.validated(), name, getattr(options, name))


def test_lists_become_tuples_and_values_are_normalised():
    predict = EXAMPLES[0].validated()
    assert predict.dates == ("2019-06-03",) and predict.mask_values == (2, 3)
    assert EXAMPLES[0].dates == ["2019-06-03"]  # the caller's list is left alone
    assert FuseOptions(search_radius_km=0).validated().search_radius_km is None
    assert FuseOptions(search_radius_km=5.0).validated().search_radius_km == 5.0
    assert ValidateOptions(date="").validated().date is None
    samples = EXAMPLES[4].validated()
    assert samples.add_coords is True and samples.min_coverage == 0.5
    config = EXAMPLES[5].validated()
    assert config.stack_base == ("rf", "knn") and config.folds == 3
    assert TrainConfig("stacking").validated().stack_base == tuple(learners.default_stack_base())
    assert TrainConfig("rf").validated().stack_base == ()
    assert config.learner_params == {"a": 1}
    assert config.learner_params is not EXAMPLES[5].learner_params


BAD = [
    (PredictOptions(correction="idw"), r"Unknown residual correction 'idw'; use one of none, "),
    (PredictOptions(clip_min=0.5, clip_max=0.5), r"lower limit \(0\.5\) must be below the upper"),
    (PredictOptions(variogram_model="cubic"), r"Unknown variogram model 'cubic'; use one of "),
    (PredictOptions(variogram_scope="global"), r"Unknown variogram scope 'global'; use one of "
                                               r"date, pooled\."),
    (PredictOptions(neighbours=2), r"at least 3 neighbouring coarse cells"),
    (FuseOptions(method="sum"), r"Unknown fusion method 'sum'; use one of gda, gra\."),
    (FuseOptions(interpolation="spline"), r"Unknown interpolation 'spline'; use one of "
                                          r"ordinary_kriging, simple_kriging, idw\."),
    (FuseOptions(variogram_model="cubic"), r"Unknown variogram model 'cubic'"),
    (FuseOptions(clip_min=0.5, clip_max=0.4), r"must be below the upper"),
    (FuseOptions(ratio_floor=0), r"GRA floor must be > 0"),
    (FuseOptions(sill=0.001), r"both its sill and its range"),
    (FuseOptions(sill=0.001, range_km=5, nugget=0.01), r"at least its nugget"),
    (ValidateOptions(min_pairs=1), r"minimum number of pairs must be at least 2"),
    (ValidateOptions(min_valid_fraction=0), r"must lie in \(0, 1\]"),
    (ValidateOptions(date="June"), r"raster date 'June' is not a date"),
    (ValidateOptions(matching="pytesmo"), r"Unknown matching rule 'pytesmo'"),
    (ValidateOptions(window_hours=0), r"matching window must be more than 0 hours"),
    (ImportOptions(passes="both"), r"Unknown pass choice 'both'; use one of am_fill_pm, "),
    (ImportOptions(quality="best"), r"Unknown quality choice 'best'; use one of recommended"),
    (ImportOptions(valid_min=0.6, valid_max=0.1), r"valid range .* is empty"),
    (SampleOptions(encoding="onehot"), r"Unknown categorical encoding 'onehot'; use one of "
                                       r"fractions, mode\."),
    (SampleOptions(min_coverage=90), r"minimum coverage must lie between 0 and 1"),
    (TrainConfig("gbm"), r"Unknown learner 'gbm'; use one of rf, "),
    (TrainConfig(validation="loo"), r"Unknown validation scheme 'loo'; use one of random, "),
    (TrainConfig(seasons="monsoon"), r"Unknown season scheme 'monsoon'; use one of none, "),
    (TrainConfig(encoding="onehot"), r"Unknown categorical encoding 'onehot'"),
    (TrainConfig("stacking", stack_base=["rf", "rf"]), r"repeat a learner"),
    (RegionSpec(n_days=0), r"RegionSpec\.n_days must be at least 1"),
    (RegionSpec(gap_fraction=1.0), r"RegionSpec\.gap_fraction must be in \[0, 1\)"),
    (RegionSpec(start="June 2019"), r"RegionSpec\.start 'June 2019' is not a date"),
]


@pytest.mark.parametrize("options, message", BAD,
                         ids=[f"{type(o).__name__}-{i}" for i, (o, _) in enumerate(BAD)])
def test_bad_values_are_refused_with_their_message(options, message):
    with pytest.raises(InputError, match=message):
        options.validated()


def _classes():
    """(module path, class node) of every class defined in the engine."""
    for folder, _, files in os.walk(ENGINE):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                tree = ast.parse(open(path, encoding="utf-8").read())
                for node in ast.walk(tree):
                    if isinstance(node, ast.ClassDef):
                        yield os.path.relpath(path, ENGINE), node


def _frozen_dataclass(node):
    for deco in node.decorator_list:
        if isinstance(deco, ast.Call) and getattr(deco.func, "id", "") == "dataclass":
            return any(k.arg == "frozen" and getattr(k.value, "value", False)
                       for k in deco.keywords)
    return False


def test_one_convention_across_the_engine():
    """No other check method survives; every class with validated() is a frozen dataclass."""
    with_validated = []
    for path, node in _classes():
        methods = {f.name for f in node.body if isinstance(f, ast.FunctionDef)}
        assert not methods & {"check", "checked", "validate"}, \
            f"{path}: {node.name} checks itself another way than validated()"
        if "validated" in methods:
            assert _frozen_dataclass(node), f"{path}: {node.name} is not a frozen dataclass"
            with_validated.append(node.name)
    assert sorted(with_validated) == sorted(IDS)


def test_importer_options_normalise():
    modis = ModisOptions(variables=["lst_day"]).validated()
    assert modis.variables == ("lst_day",)
    align = AlignOptions(max_gap_days=8, sg_half_window=2, sg_order=2).validated()
    assert isinstance(align.max_gap_days, float) and align.sg_half_window == 2
    with pytest.raises(InputError, match="Unknown quality level 'best'"):
        LandsatOptions(quality="best").validated()
    with pytest.raises(InputError, match="Unknown MODIS product 'MOD99'"):
        ModisOptions(product="MOD99").validated()
