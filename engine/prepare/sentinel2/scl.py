"""Quality screening of Sentinel-2 L2A by the scene classification (SCL) → named rules.

SCL classes (Sentinel-2 Level-2A ATBD and Product Specification): 0 no data, 1
saturated or defective, 2 dark area pixels (topographic/cast shadows), 3 cloud
shadows, 4 vegetation, 5 not vegetated, 6 water, 7 unclassified, 8 cloud medium
probability, 9 cloud high probability, 10 thin cirrus, 11 snow or ice.

=====================  =======================================  =====================
rule                   removes                                  levels
=====================  =======================================  =====================
saturated_defective    class 1, or DN 65535 (SATURATED) in a    lenient and above
                       band used
cloud_high             class 9                                  lenient and above
cloud_medium           class 8                                  lenient and above
cloud_shadow           class 3                                  standard, strict
thin_cirrus            class 10                                 standard, strict
snow                   class 11                                 standard, strict
dark_area              class 2                                  strict
unclassified           class 7                                  strict
=====================  =======================================  =====================

Class 0 (no data) and DN 0 (NODATA) in a band used are no rule: such a cell was not
imaged, is nodata at every level (also "none") and is not counted. Vegetation, not
vegetated and water (4–6) are always kept. A cell is counted under the first rule
(in this order) that removes it.
"""
import numpy as np

from ...errors import check_choice

LEVELS = ("standard", "strict", "lenient", "none")
DEFAULT_LEVEL = "standard"
_RANK = {"none": 0, "lenient": 1, "standard": 2, "strict": 3}
NO_DATA = 0
# rule → (SCL classes, lowest level rank that applies it)
CLASS_RULES = {
    "saturated_defective": ((1,), 1),
    "cloud_high": ((9,), 1),
    "cloud_medium": ((8,), 1),
    "cloud_shadow": ((3,), 2),
    "thin_cirrus": ((10,), 2),
    "snow": ((11,), 2),
    "dark_area": ((2,), 3),
    "unclassified": ((7,), 3),
}
RULES = tuple(CLASS_RULES)


def removed_classes(level):
    """The SCL classes ``level`` removes (besides 0, no data), sorted."""
    check_choice(level, LEVELS, "quality level")
    rank = _RANK[level]
    return sorted(c for classes, need in CLASS_RULES.values() if rank >= need for c in classes)


def rules(scl, saturated, level):
    """Ordered (rule, drop mask) pairs of ``level`` for SCL classes ``scl`` (int array);
    ``saturated``: cells with DN 65535 in a band used."""
    check_choice(level, LEVELS, "quality level")
    rank = _RANK[level]
    scl = np.asarray(scl)
    out = []
    for name, (classes, need) in CLASS_RULES.items():
        if rank >= need:
            mask = np.isin(scl, classes)
            if name == "saturated_defective":
                mask = mask | saturated
            out.append((name, mask))
    return out
