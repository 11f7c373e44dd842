"""SMAP-like coarse product: 36 km block means of the truth, biased, noisy, with gaps."""
import numpy as np

from .geometry import NEST

COARSE_MIN, COARSE_MAX = 0.02, 0.6  # m³/m³, retrieval range


def block_mean(fine, factor=NEST):
    """Mean of each ``factor``×``factor`` block over its finite cells (NaN if none)."""
    rows, cols = fine.shape
    blocks = fine.reshape(rows // factor, factor, cols // factor, factor)
    valid = np.isfinite(blocks)
    total = np.where(valid, blocks, 0.0).sum(axis=(1, 3))
    count = valid.sum(axis=(1, 3))
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def swath_stripe(rng, shape):
    """Missing cells of a diagonal gap between two neighbouring SMAP swaths."""
    rows, cols = np.indices(shape)
    position = cols + rng.choice([-0.5, 0.5]) * rows
    width = rng.uniform(1.0, max(1.5, 0.4 * shape[1]))
    centre = rng.uniform(position.min(), position.max())
    return np.abs(position - centre) < width / 2.0


def gap_masks(rng, n_days, shape, gap_fraction, swath_share=0.5):
    """Missing-cell masks (days, rows, cols), True = missing, totalling ``gap_fraction``.

    About ``swath_share`` of the gaps are swath stripes on some dates, the rest
    random missing cells (radio interference, retrieval flags).
    """
    masks = np.zeros((n_days,) + tuple(shape), dtype=bool)
    total = int(round(gap_fraction * masks.size))
    for day in rng.permutation(n_days):
        stripe = swath_stripe(rng, shape)
        if masks.sum() + stripe.sum() <= swath_share * total:
            masks[day] = stripe
    free = np.flatnonzero(~masks)
    extra = rng.choice(free, size=max(0, total - int(masks.sum())), replace=False)
    masks.flat[extra] = True
    return masks


def coarse_observation(rng, truth, gaps, bias, noise):
    """One date of the coarse product (m³/m³): land block mean + bias + N(0, noise), gaps NaN."""
    value = block_mean(truth) + bias + rng.normal(0.0, noise, gaps.shape)
    value = np.clip(value, COARSE_MIN, COARSE_MAX)
    return np.where(gaps, np.nan, value).astype("float32")
