"""σ⁰ scales: decibels, linear power and amplitude; detecting which one a file holds.

σ⁰ is a power ratio. Processors write it as linear power (SNAP's Sigma0_VV, HyP3 "p",
S1Tiling), in decibels (dB = 10·log10(power): GEE's COPERNICUS/S1_GRD, SNAP's
Sigma0_VV_db, HyP3 "d") or as amplitude (HyP3 "a": power = amplitude²). Composites
are averaged in linear power.

No data: the file's declared nodata and NaN always; in linear power and amplitude
also values ≤ 0 (a power ratio is positive; 0 is the fill of terrain-corrected
products); in dB also values ≤ −100 dB (σ⁰ of land never falls below about −50 dB:
such numbers are undeclared fills such as −9999).

Detection (when the scale is neither given nor named): the median of the file's valid
values, sampled on at most 256 × 256 cells, decides — from −50 to 0 dB: decibels (land
is mostly −30…+5 dB); above 0 and below 1: linear power (mostly 0.001–0.5). Anything
else is not σ⁰ as far as this step can tell, and the user must say which scale it is.
"""
import numpy as np

from ...errors import InputError
from ...raster import readable

SCALES = ("db", "linear", "amplitude")
DB_FLOOR = -100.0  # dB; lower values are fills
SAMPLE_EDGE = 256  # cells per side read for the detection
DB_MEDIAN_RANGE = (-50.0, 0.0)  # dB
LINEAR_MEDIAN_RANGE = (0.0, 1.0)  # linear power


def to_linear(values, scale):
    """Linear power (float64) from ``values`` in ``scale``; NaN where no data."""
    v = np.asarray(values, dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        if scale == "db":
            return np.where(np.isfinite(v) & (v > DB_FLOOR), 10.0 ** (v / 10.0), np.nan)
        power = v * v if scale == "amplitude" else v
        return np.where(np.isfinite(v) & (v > 0), power, np.nan)


def from_linear(power, scale):
    """Linear power written in ``scale`` ("db" or "linear"); NaN stays NaN."""
    if scale == "linear":
        return power
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(power > 0, 10.0 * np.log10(power), np.nan)


def detect_scale(dataset, band, name):
    """"db" or "linear" from the values of 1-based ``band`` of an open dataset.

    Raises :class:`InputError` naming ``name`` when the values are neither.
    """
    h, w = min(dataset.height, SAMPLE_EDGE), min(dataset.width, SAMPLE_EDGE)
    sample = readable.read(dataset, band, out_shape=(h, w), masked=True).astype(np.float64)
    values = sample.compressed()
    values = values[np.isfinite(values) & (values != 0) & (values > DB_FLOOR)]
    if values.size == 0:
        raise InputError(f"{name} holds no σ⁰ values (all no data). Leave it out or check "
                         "that it is a terrain-corrected Sentinel-1 image.")
    median = float(np.median(values))
    if DB_MEDIAN_RANGE[0] <= median < DB_MEDIAN_RANGE[1]:
        return "db"
    if LINEAR_MEDIAN_RANGE[0] < median < LINEAR_MEDIAN_RANGE[1]:
        return "linear"
    raise InputError(
        f"The values of {name} (median {median:g}) look neither like σ⁰ in dB (mostly −30 "
        "to +5) nor like linear power (positive, mostly below 1). If it is σ⁰, choose its "
        "scale (dB or linear power) instead of automatic detection; otherwise leave it out.")
