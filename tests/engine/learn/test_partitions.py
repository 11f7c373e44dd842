"""Seasons and zones (engine/learn/partitions.py): tables, custom parsing, keys and routing."""
import numpy as np
import pytest

from smdownscale.engine.errors import InputError
from smdownscale.engine.learn.partitions import (GLOBAL, keys_for, make_key, month_to_season,
                                                 parse_custom, route, season_label, season_table)


def test_meteorological_table():
    table = season_table("meteorological")
    assert table == {"DJF": (12, 1, 2), "MAM": (3, 4, 5), "JJA": (6, 7, 8), "SON": (9, 10, 11)}
    lookup = month_to_season(table)
    assert list(lookup[1:]) == ["DJF", "DJF", "MAM", "MAM", "MAM", "JJA", "JJA", "JJA",
                                "SON", "SON", "SON", "DJF"]
    assert season_table("none") == {} and month_to_season({}) is None


def test_custom_two_seasons():
    table = season_table("custom", "11,12,1,2,3;4,5,6,7,8,9,10")
    assert table == {"M11-M3": (11, 12, 1, 2, 3), "M4-M10": (4, 5, 6, 7, 8, 9, 10)}
    assert parse_custom(" 12, 1,2 ; 3,4,5;6,7,8 ;9,10,11 ") == {
        "DJF": (12, 1, 2), "MAM": (3, 4, 5), "JJA": (6, 7, 8), "SON": (9, 10, 11)}
    assert season_label((6, 7, 8)) == "JJA" and season_label((4, 5, 6, 7, 8)) == "M4-M8"


def test_custom_groups_with_the_same_initials_stay_apart():
    # January and June both start with 'J': each month must keep its own season.
    table = parse_custom("1;6;2,3,4,5,7,8,9,10,11,12")
    assert len(table) == 3
    assert sorted(m for months in table.values() for m in months) == list(range(1, 13))
    keys = keys_for([1, 6, 7], [np.nan] * 3, table, use_zones=False)
    assert keys[0] != keys[1] and GLOBAL not in keys
    assert table[keys[0]] == (1,) and table[keys[1]] == (6,)


@pytest.mark.parametrize("text, message", [
    ("1,2,3,4,5,6;7,8,9,10,11", r"must use every month exactly once: month\(s\) 12 are in no "
                                r"group"),
    ("1,2,3,4,5,6;6,7,8,9,10,11,12", r"month\(s\) 6 appear in two groups"),
    ("1,2,3;winter;4,5,6,7,8,9,10,11,12", r"Custom season group 'winter' is not a list of "
                                          r"month numbers"),
    ("1,2,3,4,5,6;7,8,9,10,11,13", r"Month 13 in custom season '7,8,9,10,11,13' is not "
                                   r"between 1 and 12"),
    ("1,2,3,4,5,6,7,8,9,10,11,12", r"at least two month groups separated by ';'"),
    ("", r"at least two month groups"),
])
def test_custom_errors(text, message):
    with pytest.raises(InputError, match=message):
        season_table("custom", text)


def test_unknown_scheme():
    with pytest.raises(InputError, match=r"Unknown season scheme 'monsoon'; use one of none, "
                       r"meteorological, custom"):
        season_table("monsoon")


def test_keys_for_seasons_zones_and_both():
    months = np.array([1, 4, 7, 10, 12, 7])
    zones = np.array([1.0, 2.0, np.nan, 3.0, 1.0, 2.0])
    table = season_table("meteorological")
    assert list(keys_for(months, zones, table, False)) == [
        "DJF", "MAM", "JJA", "SON", "DJF", "JJA"]
    assert list(keys_for(months, zones, {}, True)) == [
        "zone 1", "zone 2", "all", "zone 3", "zone 1", "zone 2"]
    assert list(keys_for(months, zones, table, True)) == [
        "DJF, zone 1", "MAM, zone 2", "JJA", "SON, zone 3", "DJF, zone 1", "JJA, zone 2"]
    assert list(keys_for(months, zones, {}, False)) == ["all"] * 6
    assert make_key(None, np.nan) == "all" and make_key("JJA", 4.0) == "JJA, zone 4"


def test_route_falls_back_to_the_global_model():
    keys = np.array(["DJF", "JJA", "MAM, zone 2", "all", "SON"], dtype=object)
    routed = route(keys, {"all": None, "JJA": None, "MAM, zone 2": None})
    assert list(routed) == ["all", "JJA", "MAM, zone 2", "all", "all"]
    assert list(route(keys, ["all"])) == ["all"] * 5
