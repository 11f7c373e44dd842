"""Quality screening of MODIS land products: QA bits → named rules → a drop mask.

Each product family reads its QA layers bit by bit as its user guide defines them
(bit 0 is the least significant) and drops a pixel by named rules; a strictness level
chooses the rules. ``standard`` (the default) follows the papers' "low-quality pixels
omitted" (paper 000): clouds, cloud shadow, cirrus, snow and ice, cloud adjacency and
pixels the producer flags as of lower quality go; ``lenient`` drops clouds and pixels
not produced only; ``strict`` drops everything not of the highest quality; ``none``
keeps every value that is not a fill value.

MOD09 (Surface Reflectance User's Guide C6.1, tables 10 and 13) — ``QC_500m`` (32 bit)
and ``state_1km`` (16 bit; ``sur_refl_qc_500m`` and ``sur_refl_state_500m`` in MOD09A1):

=================  ==============================================  ===================
rule               bits                                            levels
=================  ==============================================  ===================
not_produced       QC 0–1 (MODLAND QA) = 10 or 11                  lenient and above
cloud              state 0–1 = 01 cloudy or 10 mixed; state 10     lenient and above
                   (internal cloud algorithm flag) = 1
cloud_shadow       state 2 = 1                                     standard, strict
cirrus             state 8–9 ≥ 10 (average, high); strict: ≥ 01    standard, strict
snow_ice           state 12 (MOD35 snow/ice) or 15 (internal       standard, strict
                   snow mask) = 1
adjacent_cloud     state 13 = 1                                    standard, strict
band_quality       QC 4-bit code of the band ≠ 0000 (highest)      standard, strict
                   (band b: bits 2 + 4 (b − 1) … 5 + 4 (b − 1))
aerosol_high       state 6–7 = 11                                  strict
less_than_ideal    QC 0–1 = 01                                     strict
=================  ==============================================  ===================

MOD11 (LST User's Guide C6.1, table 10) — ``QC_Day`` / ``QC_Night`` (8 bit):
not_produced: bits 0–1 = 10 or 11 (lenient and above); lst_error: bits 6–7 (average
LST error) = 10 (≤ 3 K) or 11 (> 3 K), i.e. error above 2 K (standard, strict);
other_quality: bits 0–1 = 01 (strict).

MOD13 (VI User's Guide C6.1, tables 5 and 6) — ``VI Quality`` (16 bit) and ``pixel
reliability`` (0 good, 1 marginal, 2 snow/ice, 3 cloudy): cloud: reliability 3, or VI
Quality bits 0–1 = 10 (probably cloudy) (lenient and above); not_produced: bits 0–1 =
11 (lenient and above); snow_ice: reliability 2 or bit 14 (standard, strict);
adjacent_cloud: bit 8; mixed_cloud: bit 10; cloud_shadow: bit 15 (standard, strict);
marginal: reliability 1 (strict).

MCD12Q1 has no screening beyond its fill value at any level.
"""
import numpy as np

from ...errors import check_choice

LEVELS = ("standard", "strict", "lenient", "none")
DEFAULT_LEVEL = "standard"
_RANK = {"none": 0, "lenient": 1, "standard": 2, "strict": 3}
FAMILIES = ("mod09", "mod11", "mod13")


def bits(values, first, count=1):
    """The unsigned integer in bits ``first`` … ``first + count − 1`` of ``values``."""
    v = np.asarray(values, dtype=np.int64)
    return (v >> first) & ((1 << count) - 1)


def rules(family, qa, level, band=1, cache=None):
    """Ordered list of (rule name, boolean drop mask) for ``level``.

    ``qa``: the family's QA layers as integer arrays of the data's shape, in the order
    of the product's ``qa_layers`` (mod09: QC, state; mod11: QC; mod13: VI Quality,
    pixel reliability). ``band``: the MODIS band (1–7) whose quality code mod09 reads.
    ``cache``: a dict kept while ``qa`` is unchanged, so the masks every band shares are
    computed once.
    """
    check_choice(level, LEVELS, "quality level")
    check_choice(family, FAMILIES, "QA family")
    rank = _RANK[level]
    if rank == 0:
        return []
    cache = {} if cache is None else cache
    if "shared" not in cache:
        cache["shared"] = {"mod09": _mod09, "mod11": _mod11, "mod13": _mod13}[family](qa)
    found = list(cache["shared"])
    if family == "mod09":
        at = [name for name, _, _ in found].index("adjacent_cloud") + 1
        found.insert(at, ("band_quality", 2, bits(qa[0], 2 + 4 * (band - 1), 4) != 0))
    return [(name, mask) for name, need, mask in found if rank >= need]


def _mod09(qa):
    qc, state = qa
    modland = bits(qc, 0, 2)
    cloud_state = bits(state, 0, 2)
    cirrus = bits(state, 8, 2)
    return [
        ("not_produced", 1, modland >= 2),
        ("cloud", 1, (cloud_state == 1) | (cloud_state == 2) | (bits(state, 10) == 1)),
        ("cloud_shadow", 2, bits(state, 2) == 1),
        ("cirrus", 2, cirrus >= 2),
        ("snow_ice", 2, (bits(state, 12) == 1) | (bits(state, 15) == 1)),
        ("adjacent_cloud", 2, bits(state, 13) == 1),
        ("cirrus", 3, cirrus >= 1),
        ("aerosol_high", 3, bits(state, 6, 2) == 3),
        ("less_than_ideal", 3, modland == 1),
    ]


def _mod11(qa):
    (qc,) = qa
    mandatory = bits(qc, 0, 2)
    return [
        ("not_produced", 1, mandatory >= 2),
        ("lst_error", 2, bits(qc, 6, 2) >= 2),
        ("other_quality", 3, mandatory == 1),
    ]


def _mod13(qa):
    quality, reliability = qa
    vi = bits(quality, 0, 2)
    rel = np.asarray(reliability)
    return [
        ("cloud", 1, (rel == 3) | (vi == 2)),
        ("not_produced", 1, vi == 3),
        ("snow_ice", 2, (rel == 2) | (bits(quality, 14) == 1)),
        ("adjacent_cloud", 2, bits(quality, 8) == 1),
        ("mixed_cloud", 2, bits(quality, 10) == 1),
        ("cloud_shadow", 2, bits(quality, 15) == 1),
        ("marginal", 3, rel == 1),
    ]


def screen(values, rule_list, counts, counted=None):
    """``values`` (float, NaN = missing) with the dropped cells set to NaN.

    A cell is counted under the first rule that drops it (rules in order), among the
    cells that still have a value and are ``counted`` (a boolean mask; None = all);
    ``counts`` (dict rule → cells) is updated in place.
    """
    alive = np.isfinite(values)
    for name, drop in rule_list:
        hit = alive & drop
        n = int(hit.sum() if counted is None else (hit & counted).sum())
        if n:
            counts[name] = counts.get(name, 0) + n
        alive &= ~hit
    return np.where(alive, values, np.nan)
