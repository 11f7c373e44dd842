"""Quality screening of Landsat Collection 2 Level-2 scenes: QA bits → named rules.

QA_PIXEL (16 bit; Landsat 8-9 C2 L2 Science Product Guide LSDS-1619, Landsat 4-7
LSDS-1618; bit 0 least significant): 0 fill, 1 dilated cloud, 2 cirrus (high
confidence; Landsat 8-9 only), 3 cloud, 4 cloud shadow, 5 snow, 6 clear, 7 water,
8–9 cloud confidence, 10–11 cloud shadow confidence, 12–13 snow/ice confidence,
14–15 cirrus confidence (8-9 only); a confidence is 00 none, 01 low, 10 medium (cloud
only; reserved otherwise), 11 high. QA_RADSAT: bit n − 1 set = band n saturated; bit
11 terrain occlusion (8-9).

=======================  =======================================  =====================
rule                     flagged when                             levels
=======================  =======================================  =====================
cloud                    bit 3                                    lenient and above
cloud_shadow             bit 4                                    lenient and above
dilated_cloud            bit 1                                    standard, strict
cirrus                   bit 2 (Landsat 8-9)                      standard, strict
snow                     bit 5                                    standard, strict
saturated                QA_RADSAT bit of a band used (8-9:       standard, strict
                         bands 2–7, bits 1–6; 4-7: bands 1–5, 7,
                         bits 0–4, 6)
terrain_occlusion        QA_RADSAT bit 11 (Landsat 8-9)           standard, strict
cloud_confidence         bits 8–9 ≥ 10 (medium or high)           strict
cloud_shadow_confidence  bits 10–11 = 11 (high)                   strict
snow_confidence          bits 12–13 = 11 (high)                   strict
cirrus_confidence        bits 14–15 = 11 (high; Landsat 8-9)      strict
=======================  =======================================  =====================

Fill (QA_PIXEL bit 0, or DN 0 in a band used) is no rule: such a cell was not
imaged, is nodata at every level and is not counted. A cell is counted under the
first rule (in this order) that removes it. One mask serves all bands and the
surface temperature of a cell.
"""
import numpy as np

from ...errors import check_choice

LEVELS = ("standard", "strict", "lenient", "none")
DEFAULT_LEVEL = "standard"
_RANK = {"none": 0, "lenient": 1, "standard": 2, "strict": 3}
RULES = ("cloud", "cloud_shadow", "dilated_cloud", "cirrus", "snow", "saturated",
         "terrain_occlusion", "cloud_confidence", "cloud_shadow_confidence",
         "snow_confidence", "cirrus_confidence")
FILL_BIT = 0
TERRAIN_OCCLUSION_BIT = 11


def bits(values, first, count=1):
    """The unsigned integer in bits ``first`` … ``first + count − 1`` of ``values``."""
    v = np.asarray(values).astype(np.int64)
    return (v >> first) & ((1 << count) - 1)


def saturation_mask(bands):
    """QA_RADSAT bits of 1-based band numbers ``bands`` (bit n − 1 = band n)."""
    return sum(1 << (b - 1) for b in bands)


def rules(qa_pixel, qa_radsat, level, oli, used_bands):
    """Ordered (rule, drop mask) pairs of ``level`` (fill is read separately).

    ``oli``: Landsat 8-9 (cirrus bits, terrain occlusion); ``used_bands``: the band
    numbers whose saturation removes a cell.
    """
    check_choice(level, LEVELS, "quality level")
    rank = _RANK[level]
    if rank == 0:
        return []
    qa, radsat = np.asarray(qa_pixel), np.asarray(qa_radsat)
    found = [
        ("cloud", 1, bits(qa, 3) == 1),
        ("cloud_shadow", 1, bits(qa, 4) == 1),
        ("dilated_cloud", 2, bits(qa, 1) == 1),
        ("cirrus", 2, (bits(qa, 2) == 1) if oli else None),
        ("snow", 2, bits(qa, 5) == 1),
        ("saturated", 2, (radsat.astype(np.int64) & saturation_mask(used_bands)) != 0),
        ("terrain_occlusion", 2, (bits(radsat, TERRAIN_OCCLUSION_BIT) == 1) if oli else None),
        ("cloud_confidence", 3, bits(qa, 8, 2) >= 2),
        ("cloud_shadow_confidence", 3, bits(qa, 10, 2) == 3),
        ("snow_confidence", 3, bits(qa, 12, 2) == 3),
        ("cirrus_confidence", 3, (bits(qa, 14, 2) == 3) if oli else None),
    ]
    return [(name, mask) for name, need, mask in found if rank >= need and mask is not None]
