"""Random streams and smooth random fields shared by the synthetic-region modules."""
import zlib

import numpy as np
from scipy.ndimage import gaussian_filter


def child_rng(seed, stream):
    """Independent generator for one named part of the region (e.g. ``"terrain"``).

    Derived from ``seed`` and the stream name, so adding a stream never changes
    the random numbers of another one.
    """
    return np.random.default_rng([int(seed), zlib.crc32(stream.encode("ascii"))])


def standardize(field):
    """Shift and scale to mean 0 and standard deviation 1."""
    sd = field.std()
    return (field - field.mean()) / (sd if sd > 0 else 1.0)


def fractal_field(rng, shape, beta=3.0):
    """Zero-mean, unit-sd field with power spectrum ∝ |k|^−beta (spectral synthesis)."""
    rows, cols = shape
    ky = np.fft.fftfreq(rows)[:, None]
    kx = np.fft.rfftfreq(cols)[None, :]
    k = np.hypot(kx, ky)
    k[0, 0] = np.inf
    spectrum = np.fft.rfft2(rng.standard_normal(shape)) * k ** (-beta / 2.0)
    return standardize(np.fft.irfft2(spectrum, s=shape))


def smooth_field(rng, shape, sigma):
    """Zero-mean, unit-sd Gaussian-filtered white noise; ``sigma`` in cells."""
    return standardize(gaussian_filter(rng.standard_normal(shape), sigma, mode="wrap"))


def rescale(field, low, high):
    """Linearly map the field's range onto [low, high]."""
    span = field.max() - field.min()
    unit = (field - field.min()) / (span if span > 0 else 1.0)
    return low + (high - low) * unit
