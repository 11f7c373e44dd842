"""The per-date CSV report written from dataclass records (predict and fuse)."""
import csv
import math
from dataclasses import dataclass

import numpy as np
import pytest

from smdownscale.engine.predict.prediction import DateRecord as PredictRecord
from smdownscale.engine.report.date_table import (csv_cell, date_table_columns,
                                                  write_date_table)
from smdownscale.engine.stations.fusion import DateRecord as FuseRecord

# The columns users and scripts read; they must not change (new ones are appended).
PREDICT_COLUMNS = ["date", "predicted", "observed", "gap_filled", "gap_empty", "masked",
                   "clipped", "coarse_cells", "residual_cells", "residual_mean",
                   "residual_std", "variogram_model", "nugget", "psill", "range_km",
                   "variogram_source", "mass_error", "mass_cells", "unconservable", "note",
                   "coarse_noise", "land", "gap_model", "coverage"]
FUSE_COLUMNS = ["date", "status", "station_cells", "observations", "on_nodata", "mean_value",
                "variogram_model", "nugget", "psill", "range_km", "variogram_source",
                "below_floor", "clipped", "changed", "non_positive"]


def test_columns_of_the_two_reports_are_kept():
    assert date_table_columns(PredictRecord) == PREDICT_COLUMNS
    assert date_table_columns(FuseRecord) == FUSE_COLUMNS


def test_rows_from_records_integers_unquoted_nan_empty(tmp_path):
    variogram = {"model": "spherical", "nugget": 1.23456789e-4, "psill": 0.0004,
                 "range": 31.5, "source": "fitted", "fit_rmse": 0.1, "n_data": 40}
    first = PredictRecord("2019-06-02", predicted=np.int64(46656), observed=40000,
                          residual_mean=np.float32(0.0125), residual_std=float("nan"),
                          variogram=variogram, mass_error=1.5e-7, note="ok, fine",
                          coarse_noise=0.0111111111)
    second = PredictRecord("2019-06-05")
    path = write_date_table(str(tmp_path / "dates.csv"), PredictRecord, [first, second])
    text = open(path, encoding="utf-8").read()
    lines = text.splitlines()
    assert lines[0] == ",".join(PREDICT_COLUMNS)
    assert lines[1] == ("2019-06-02,46656,40000,0,0,0,0,0,0,0.0125,,spherical,0.000123457,"
                        "0.0004,31.5,fitted,1.5e-07,0,0,\"ok, fine\",0.0111111,0,0,")
    assert lines[2] == "2019-06-05,0,0,0,0,0,0,0,0,,,,,,,,,0,0,,,0,0,"  # NaN, no variogram: empty
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    assert rows[0]["predicted"] == "46656" and rows[1]["nugget"] == ""
    assert '"46656"' not in text and '"0"' not in text


def test_fuse_records(tmp_path):
    record = FuseRecord("2019-06-03", station_cells=7, observations=9, mean_value=-0.031,
                        variogram={"model": "exponential", "nugget": 0.0, "psill": 0.001,
                                   "range": 50.0, "source": "fixed"}, clipped=3)
    skipped = FuseRecord("2019-06-04", status="too few stations")
    path = write_date_table(str(tmp_path / "f.csv"), FuseRecord, [record, skipped])
    lines = open(path, encoding="utf-8").read().splitlines()
    assert lines[1] == "2019-06-03,fused,7,9,0,-0.031,exponential,0,0.001,50,fixed,0,3,0,0"
    assert lines[2] == "2019-06-04,too few stations,0,0,0,,,,,,,0,0,0,0"


def test_cells():
    assert csv_cell(np.int32(5)) == 5 and isinstance(csv_cell(np.int32(5)), int)
    assert csv_cell(0.123456789) == "0.123457"
    assert csv_cell(math.inf) == "" and csv_cell(None) == "" and csv_cell("x") == "x"


def test_dict_field_without_columns_is_refused():
    @dataclass
    class Odd:
        date: str
        extra: dict = None

    with pytest.raises(TypeError, match="extra"):
        date_table_columns(Odd)
