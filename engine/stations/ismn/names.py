"""ISMN file names.

A data file is named ``<network>_<network>_<station>_<variable>_<depth from>_<depth to>_
<sensor>_<start>_<end>.stm`` (e.g. ``COSMOS_COSMOS_ARM-1_sm_0.000000_0.190000_Cosmic-ray-
Probe_20170810_20180809.stm``; ismn 1.5.4, ``DataFile.get_metadata_header_values``): the
first element repeats the network (it was the CEOP "continental scale experiment"), the
variable is ``sm`` for soil moisture (m³/m³), depths are metres below the surface, and a
sensor name may itself hold ``_`` (``Meter-5TM_1_1`` in newer downloads, where the suffix
tells two sensors of one type apart). ISMN writes ``-`` for a ``_`` inside a network or
station name, so the names' network may differ from the header's (``FR-Aqui`` /
``FR_Aqui``). A station's static variables are ``<network>_<network>_<station>_static_
variables.csv``.
"""
import os
import re
from dataclasses import dataclass

SOIL_MOISTURE = "sm"
STATIC_SUFFIX = "_static_variables.csv"
_DAY = re.compile(r"^\d{8}$")


@dataclass(frozen=True)
class DataName:
    """What the name of an ISMN data file says (depths in m)."""

    network: str
    station: str
    variable: str
    depth_from: float
    depth_to: float
    sensor: str

    @property
    def station_key(self):
        """(network, station) as spelt in file names: pairs data with static variables."""
        return self.network, self.station


def base_name(path):
    """The file name of a path or zip member (either separator)."""
    return os.path.basename(path.replace("\\", "/"))


def parse_data_name(path):
    """The :class:`DataName` of an ISMN ``.stm`` file name, or None when it is not one."""
    name = base_name(path)
    if not name.lower().endswith(".stm"):
        return None
    parts = name[:-4].split("_")
    if len(parts) < 9 or not (_DAY.match(parts[-1]) and _DAY.match(parts[-2])):
        return None
    try:
        depth_from, depth_to = float(parts[4]), float(parts[5])
    except ValueError:
        return None
    return DataName(parts[1], parts[2], parts[3], depth_from, depth_to,
                    "_".join(parts[6:-2]))


def static_key(path):
    """(network, station) of a ``*_static_variables.csv`` name, or None for other names."""
    name = base_name(path)
    if not name.lower().endswith(STATIC_SUFFIX):
        return None
    parts = name[:-len(STATIC_SUFFIX)].split("_")
    return (parts[1], "_".join(parts[2:])) if len(parts) >= 3 else None
