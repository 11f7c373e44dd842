"""ISMN import on real ISMN files (tests/data/ismn, from the ismn 1.5.4 sdist).

Expected values are read by the tests from the files' text with plain string operations
(the line of a known time, the header line, the static-variables rows), never by the code
under test.
"""
import shutil

import numpy as np
import pytest

from smdownscale.engine.errors import InputError
from smdownscale.engine.stations.ismn.filters import IsmnOptions
from smdownscale.engine.stations.ismn.importer import import_ismn

from ismn_files import (ARM1, ARM1_STATIC, DATA, RSMN, RSMN_ZIP, SMOSMANIA_CEOP,
                        SMOSMANIA_HV, SMOSMANIA_ZIP, data_lines, header_fields, line_at)


def only(result):
    assert len(result.series) == 1
    return result.series[0]


def value_at(series, stamp):
    """The kept value at 'YYYY/MM/DD HH:MM'."""
    when = np.datetime64(stamp.replace("/", "-").replace(" ", "T"), "m")
    index = np.flatnonzero(series.times == when)
    assert index.size == 1, stamp
    return series.values[index[0]], series.flags[index[0]]


def test_header_values_file_gives_header_coordinates_and_values_at_known_times():
    result = import_ismn([ARM1], IsmnOptions(depth_to=0.2))
    series = only(result)
    _, network, station, lat, lon, elevation, depth_from, depth_to = header_fields(ARM1)[:8]
    assert (series.network, series.station) == (network, station) == ("COSMOS", "ARM-1")
    assert series.station_id == "COSMOS/ARM-1" and series.sensor == "Cosmic-ray-Probe"
    assert series.latitude == float(lat) and series.longitude == float(lon)
    assert series.elevation == float(elevation)
    assert (series.depth_from, series.depth_to) == (float(depth_from), float(depth_to))
    for stamp in ("2017/08/10 05:00", "2018/01/15 12:00", "2018/08/09 23:00"):
        fields = line_at(ARM1, stamp)  # e.g. ['2017/08/10', '05:00', '0.1470', 'G', 'M']
        assert fields[3] == "G" and value_at(series, stamp) == (float(fields[2]), "G")
    lines = data_lines(ARM1)
    good = [f for f in lines if f[3] == "G"]
    assert len(series) == len(good) == result.counts["kept"]
    assert result.counts["observations"] == len(lines)
    assert result.counts["dropped_flag"] == len(lines) - len(good)


def test_land_cover_and_climate_come_from_the_static_variables():
    rows = [r.split(";") for r in open(ARM1_STATIC, encoding="latin-1").read().splitlines()]
    cci_2010 = next(r for r in rows if r[0] == "land cover classification"
                    and r[6] == "CCI_landcover_2010")
    climate = next(r for r in rows if r[0] == "climate classification")
    classes = only(import_ismn([ARM1.parent], IsmnOptions(depth_to=0.2))).classes
    assert classes.land_cover == int(cci_2010[4]) == 130
    assert classes.land_cover_name == cci_2010[5] == "Grassland"
    assert classes.climate == climate[4] == "Cfa"


def test_ceop_and_header_values_formats_give_the_same_series():
    options = IsmnOptions(flags="U, G")  # SMOSMANIA 2007 flags its values U (unchecked)
    hv, ceop = only(import_ismn([SMOSMANIA_HV], options)), only(import_ismn([SMOSMANIA_CEOP],
                                                                            options))
    assert np.array_equal(hv.times, ceop.times) and np.array_equal(hv.values, ceop.values)
    assert hv.flags.tolist() == ceop.flags.tolist()
    assert (hv.latitude, hv.longitude, hv.depth_from) == (ceop.latitude, ceop.longitude, 0.05)
    ceop_line = line_at(SMOSMANIA_CEOP, "2007/01/15 12:00")  # 15 fields: value is the 13th
    assert value_at(ceop, "2007/01/15 12:00") == (float(ceop_line[12]), ceop_line[13])
    assert value_at(hv, "2007/01/15 12:00")[0] == float(line_at(SMOSMANIA_HV,
                                                                "2007/01/15 12:00")[2])
    assert ceop.station_id == hv.station_id == "SMOSMANIA/Narbonne"


def test_default_filters_keep_surface_sensors_with_flag_g():
    result = import_ismn([RSMN])  # newer download: LF line ends, quoted sensor in the header
    series = only(result)
    lines = data_lines(RSMN)
    assert len(series) == sum(1 for f in lines if f[3] == "G") == 172
    assert series.sensor == "Meter-5TM_1_1"  # the file name tells the sensors apart
    assert value_at(series, "2024/12/20 03:00") == (float(line_at(RSMN, "2024/12/20 03:00")[2]),
                                                    "G")
    assert result.counts["dropped_flag"] == len(lines) - 172
    assert result.dropped_flags["D02"] == sum(1 for f in lines if f[3] == "D02")


def test_a_class_letter_keeps_every_flag_of_the_class():
    lines = data_lines(RSMN)
    series = only(import_ismn([RSMN], IsmnOptions(flags="g,D")))
    assert len(series) == len(lines)  # G and D… flags only
    two = only(import_ismn([RSMN], IsmnOptions(flags=["G", "D02"])))
    assert len(two) == sum(1 for f in lines if f[3] in ("G", "D02"))  # not D02,D03


def test_depth_filter_drops_deep_sensors_and_says_what_it_found():
    result = import_ismn([RSMN, ARM1])
    assert result.counts["dropped_depth"] == len(data_lines(ARM1))
    assert only(result).station_id == "RSMN/Adamclisi"
    with pytest.raises(InputError, match=r"No observation is left.* 741 observation\(s\).*741 "
                                         r"by depth \(kept 0–0.01 m; dropped depths: "
                                         r"0.05–0.05 m\)"):
        import_ismn([SMOSMANIA_HV], IsmnOptions(depth_to=0.01))


def test_period_and_network_filters():
    day = sum(1 for f in data_lines(SMOSMANIA_HV) if f[0] == "2007/01/10")
    result = import_ismn([SMOSMANIA_HV, RSMN], IsmnOptions(
        flags="U", networks="smosmania", start="2007-01-10", end="2007-01-10"))
    series = only(result)
    assert len(series) == day == 24
    assert str(series.times[0]) == "2007-01-10T00:00" and str(series.times[-1]) == \
        "2007-01-10T23:00"
    assert result.counts["dropped_network"] == len(data_lines(RSMN))
    with pytest.raises(InputError, match=r"by network \(kept: SCAN; found: RSMN, SMOSMANIA\)"):
        import_ismn([SMOSMANIA_HV, RSMN], IsmnOptions(networks=["SCAN"]))


def test_zip_and_folder_give_the_same_series():
    options = IsmnOptions(flags="U")
    zipped, folder = only(import_ismn([SMOSMANIA_ZIP], options)), only(
        import_ismn([SMOSMANIA_HV.parent], options))
    assert np.array_equal(zipped.times, folder.times)
    assert np.array_equal(zipped.values, folder.values)
    a, b = only(import_ismn([RSMN_ZIP])), only(import_ismn([RSMN.parent.parent]))
    assert np.array_equal(a.values, b.values) and a.station_id == b.station_id


def test_many_networks_at_once_and_duplicated_files_kept_once():
    # The whole folder: COSMOS, RSMN, SMOSMANIA three times (two formats and a zip),
    # a zip of RSMN, and a malformed .txt that is passed over.
    result = import_ismn([DATA], IsmnOptions(depth_to=0.2, flags="G,U"))
    ids = sorted({s.station_id for s in result.series})
    assert ids == ["COSMOS/ARM-1", "RSMN/Adamclisi", "SMOSMANIA/Narbonne"]
    assert result.counts["files"] == 6
    n_smos, n_rsmn = (sum(1 for f in data_lines(path) if f[3] in ("G", "U"))
                      for path in (SMOSMANIA_HV, RSMN))
    assert result.counts["duplicates"] == 2 * n_smos + n_rsmn  # kept ones, counted once
    smos = next(s for s in result.series if s.network == "SMOSMANIA")
    assert len(smos) == n_smos and np.all(np.diff(smos.times) > np.timedelta64(0, "m"))


def test_average_sensors_of_one_station_and_depth(tmp_path):
    folder = tmp_path / "SMOSMANIA" / "Narbonne"
    folder.mkdir(parents=True)
    first = folder / SMOSMANIA_HV.name
    shutil.copy(SMOSMANIA_HV, first)
    second = folder / SMOSMANIA_HV.name.replace("ThetaProbe-ML2X", "ThetaProbe-ML2X_2")
    lines = open(SMOSMANIA_HV, "rb").read().decode().splitlines()
    shifted = [lines[0]] + [_shift(line, 0.02) for line in lines[1:]]
    second.write_text("\r".join(shifted))
    options = IsmnOptions(flags="U")
    apart = import_ismn([tmp_path], options)
    assert [s.sensor for s in apart.series] == ["ThetaProbe-ML2X", "ThetaProbe-ML2X_2"]
    mean = only(import_ismn([tmp_path], IsmnOptions(flags="U", sensors="average")))
    stamp = "2007/01/20 06:00"
    expected = float(line_at(SMOSMANIA_HV, stamp)[2]) + 0.01
    assert value_at(mean, stamp)[0] == pytest.approx(expected, abs=1e-12)
    assert mean.sensor == "ThetaProbe-ML2X; ThetaProbe-ML2X_2"
    assert set(mean.n_sensors.tolist()) == {2}


def _shift(line, delta):
    fields = line.split()
    if len(fields) < 4:
        return line
    fields[2] = f"{float(fields[2]) + delta:.4f}"
    return " ".join(fields)


def test_malformed_stm_is_named(tmp_path):
    bad = tmp_path / "XNET_XNET_st1_sm_0.050000_0.050000_Probe_20070101_20070131.stm"
    shutil.copy(DATA / "malformed" / "mal_formed_file.txt", bad)
    with pytest.raises(InputError, match=r"'.*XNET_XNET_st1_sm_.*\.stm' is not an ISMN data "
                                         r"file \(its first line is not"):
        import_ismn([tmp_path, RSMN])


def test_a_file_that_is_not_ismn_and_an_empty_folder_are_refused(tmp_path):
    with pytest.raises(InputError, match=r"No ISMN data file \(.stm\) was found in .*\(1 other "
                                         r"file\(s\): .*mal_formed_file.txt\)"):
        import_ismn([DATA / "malformed" / "mal_formed_file.txt"])
    with pytest.raises(InputError, match=r"No ISMN data file \(.stm\) was found in "):
        import_ismn([tmp_path])
    (tmp_path / "export.csv").write_text("network;station\n")
    with pytest.raises(InputError, match="CSV download format is not read"):
        import_ismn([tmp_path])
    with pytest.raises(InputError, match="does not exist"):
        import_ismn([tmp_path / "missing.zip"])


def test_other_variables_are_passed_over(tmp_path):
    other = tmp_path / RSMN.name.replace("_sm_", "_ts_")
    shutil.copy(RSMN, other)
    result = import_ismn([other, RSMN])
    assert result.counts["other_variable_files"] == 1 and result.counts["files"] == 1


@pytest.mark.parametrize("options, message", [
    (IsmnOptions(depth_from=0.1, depth_to=0.05), "depth range 0.1–0.05 m is empty"),
    (IsmnOptions(flags=" , "), "No ISMN quality flag to keep"),
    (IsmnOptions(flags="good"), "'GOOD' is not an ISMN quality flag"),
    (IsmnOptions(start="2019-02-01", end="2019-01-01"), r"ends \(2019-01-01\) before"),
    (IsmnOptions(end="June"), "end date 'June' is not a date"),
    (IsmnOptions(sensors="median"), "Unknown sensor choice 'median'"),
])
def test_bad_options_are_refused(options, message):
    with pytest.raises(InputError, match=message):
        options.validated()


def test_options_normalise():
    checked = IsmnOptions(flags="g, d01 ,G", networks="SCAN; COSMOS", start="").validated()
    assert checked.flags == ("G", "D01") and checked.networks == ("SCAN", "COSMOS")
    assert checked.start is None and checked.keeps_flag("D01") and not checked.keeps_flag(
        "D01,D03")
