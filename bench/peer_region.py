"""An independent test region for the peer benchmark (not the demo's generator).

The demo's synthetic region (engine/synthetic) makes soil moisture from an
antecedent precipitation bucket whose relation to the predictors hardly changes
from day to day. Real fields do not behave like that: in wet spells topography
(convergent hollows) controls the pattern, in dry spells soil texture and
vegetation do (Grayson et al. 1997's "preferred states"), and a large share of the
1 km variability is not explained by any predictor. This generator makes such a
region, independently of the plugin's own generator, so that a benchmark cannot
reward tuning to one model of the world.

Fine grid: EASE-Grid 2.0 1 km cells nested 36 × 36 in the 36 km cells (EPSG:6933).
Truth θ (m³/m³) = θr + (θs − θr)·sigmoid(z), with

    z = a_t + b_api·(log1p(API_t) − m) + b_twi(t)·TWI + b_clay(t)·clay + b_veg(t)·veg
        + u_static + u_t

where the date's wetness w_t (0–1, the regional mean API) sets the weights:
b_twi = 0.2 + 1.6 w_t, b_clay = 1.1 − 1.0 w_t, b_veg = 0.6 − 1.2 w_t; u_static and
u_t are unobserved spatially correlated fields (2 and 4 km), TWI a topographic
wetness proxy (convergence and flatness of the smoothed DEM) not given as a
predictor. Predictors (10): NDVI and LST (with clouds), precipitation and its API
(k = 0.85) — dated stacks — and DEM, slope, aspect, sand, clay, land cover.
The coarse product is the block mean over land + bias + N(0, noise), clipped to
[0.02, 0.6], with 15 % of cell-dates missing (swath stripes and random cells).
"""
import datetime as dt
import json
import math
import os
import sys

import numpy as np
import rasterio
from rasterio.crs import CRS
from rasterio.transform import Affine
from scipy.ndimage import gaussian_filter, laplace

NEST = 36
CELL36 = 36032.220840584
CELL1 = CELL36 / NEST
ORIGIN_X, ORIGIN_Y = -17367530.445161499, 7314540.830638504
NODATA = -9999.0
WATER = 5
CONTRAST = 0.27  # scales the spatial terms of z (sets the truth's 1 km variability)


def rng_for(seed, name):
    import zlib
    return np.random.default_rng([int(seed), zlib.crc32(name.encode())])


def smooth(rng, shape, sigma):
    f = gaussian_filter(rng.standard_normal(shape), sigma, mode="wrap")
    return (f - f.mean()) / f.std()


def fractal(rng, shape, beta=3.2):
    ky = np.fft.fftfreq(shape[0])[:, None]
    kx = np.fft.rfftfreq(shape[1])[None, :]
    k = np.hypot(kx, ky)
    k[0, 0] = np.inf
    f = np.fft.irfft2(np.fft.rfft2(rng.standard_normal(shape)) * k ** (-beta / 2), s=shape)
    return (f - f.mean()) / f.std()


def std(a):
    return (a - np.nanmean(a)) / np.nanstd(a)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


class Region:
    def __init__(self, seed=1, size=8, days=45, noise=0.02, bias=-0.03, gap=0.15,
                 cloud=0.2, start="2020-05-01", col0=850, row0=130):
        self.seed, self.size, self.days, self.noise, self.bias = seed, size, days, noise, bias
        self.gap, self.cloud = gap, cloud
        self.start = dt.date.fromisoformat(start)
        n = size * NEST
        self.shape = (n, n)
        self.coarse_shape = (size, size)
        x0, y0 = ORIGIN_X + col0 * CELL36, ORIGIN_Y - row0 * CELL36
        self.fine_transform = Affine(CELL1, 0, x0, 0, -CELL1, y0)
        self.coarse_transform = Affine(CELL36, 0, x0, 0, -CELL36, y0)
        self.dates = [self.start + dt.timedelta(days=i) for i in range(days)]

    # --- static fields ------------------------------------------------------------------
    def static(self):
        r = rng_for(self.seed, "terrain")
        base = fractal(r, self.shape, 3.4)
        dem = 200 + (base - base.min()) / (base.max() - base.min()) * 2000
        gy, gx = np.gradient(dem, 1000.0)
        slope = np.degrees(np.arctan(np.hypot(gx, gy)))
        aspect = (np.degrees(np.arctan2(-gx, gy)) + 360) % 360
        smooth_dem = gaussian_filter(dem, 3)
        twi = std(-laplace(smooth_dem)) - 0.6 * std(np.log1p(slope))
        twi = std(gaussian_filter(twi, 1))
        r = rng_for(self.seed, "soil")
        sand = np.clip(45 + 18 * smooth(r, self.shape, 10) + 6 * smooth(r, self.shape, 2), 5, 90)
        clay = np.clip(22 - 0.25 * (sand - 45) + 7 * smooth(r, self.shape, 6), 3, 55)
        r = rng_for(self.seed, "landcover")
        veg = smooth(r, self.shape, 5)
        urb = smooth(r, self.shape, 3)
        lc = np.where(veg > 0.6, 3, np.where(veg > -0.2, 1, 2))  # forest, cropland, grassland
        lc = np.where(urb > 2.2, 4, lc)
        water = (twi > 2.6) & (slope < 1.0)
        lc = np.where(water, WATER, lc).astype("int16")
        vegcover = np.array([0, 0.55, 0.35, 0.8, 0.1, 0])[lc] + 0.1 * smooth(r, self.shape, 2)
        theta_r = 0.03 + 0.0025 * clay
        theta_s = 0.36 + 0.003 * clay - 0.0008 * sand
        r = rng_for(self.seed, "hidden")
        u_static = 0.3 * smooth(r, self.shape, 2)
        return dict(dem=dem, slope=slope, aspect=aspect, twi=twi, sand=sand, clay=clay,
                    landcover=lc, vegcover=vegcover, theta_r=theta_r, theta_s=theta_s,
                    u_static=u_static, land=lc != WATER)

    # --- weather ------------------------------------------------------------------------
    def rain(self, r, t):
        n = self.shape[0]
        field = np.zeros(self.shape)
        if r.random() > 0.45:
            return field
        for _ in range(r.poisson(1 + self.size // 3)):
            cy, cx = r.uniform(-0.2 * n, 1.2 * n, 2)
            rad = r.uniform(15, 70)
            depth = r.gamma(2.0, 9.0)
            yy, xx = np.ogrid[:n, :n]
            field += depth * np.exp(-(((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * rad ** 2)))
        field *= np.exp(0.35 * smooth(r, self.shape, 3))
        return field

    # --- run ----------------------------------------------------------------------------
    def run(self, folder):
        os.makedirs(folder, exist_ok=True)
        s = self.static()
        land = s["land"]
        T = self.days
        spin = 20
        wr = rng_for(self.seed, "weather")
        hid = rng_for(self.seed, "dynamic")
        clr = rng_for(self.seed, "clouds")
        cor = rng_for(self.seed, "coarse")
        api_true = np.full(self.shape, 10.0)
        api_pred = np.full(self.shape, 10.0)
        k_true = np.clip(0.78 + 0.003 * s["clay"] + 0.04 * (s["landcover"] == 3), 0.7, 0.95)
        slow = None
        stacks = {k: [] for k in ("truth", "precip", "api", "ndvi", "lst", "coarse")}
        t_air_base = 292.0
        for i in range(-spin, T):
            p = self.rain(wr, i)
            api_true = k_true * api_true + p
            api_pred = 0.85 * api_pred + p
            wet = float(np.clip(np.mean(np.log1p(api_true)) / 4.0, 0, 1))
            a_t = -1.2 + 1.0 * wet + 0.15 * math.sin(i / 5.0)
            b_twi = 0.2 + 1.6 * wet
            b_clay = 1.1 - 1.0 * wet
            b_veg = 0.6 - 1.2 * wet
            u_t = 0.25 * smooth(hid, self.shape, 4)
            z = a_t + CONTRAST * (0.9 * (np.log1p(api_true) - 2.5) + b_twi * s["twi"]
                                  + b_clay * std(s["clay"]) + b_veg * std(s["vegcover"])
                                  + s["u_static"] + u_t)
            sat = sigmoid(z)
            theta = s["theta_r"] + (s["theta_s"] - s["theta_r"]) * sat
            theta = np.where(land, np.clip(theta, 0.02, 0.55), np.nan)
            slow = sat if slow is None else slow + (sat - slow) / 15.0
            if i < 0:
                continue
            doy = self.dates[i].timetuple().tm_yday
            ndvi = np.clip(0.12 + 0.7 * s["vegcover"] * (0.55 + 0.6 * slow)
                           + 0.05 * math.sin(2 * math.pi * (doy - 120) / 365)
                           + 0.025 * clr.standard_normal(self.shape), -0.1, 0.95)
            ndvi = np.where(land, ndvi, -0.05)
            t_air = t_air_base + 5 * math.sin(i / 6.0) + wr.normal(0, 3.0)
            radiation = wr.uniform(0.5, 1.5)  # the day's net radiation sets the LST–θ slope
            solar = np.cos(np.radians(s["aspect"] - 180)) * np.sin(np.radians(s["slope"]))
            lst = (t_air - 0.0065 * (s["dem"] - 800) + radiation * (14 * (1 - sat) - 9 * ndvi
                                                                  + 2.5 * solar)
                   + 0.8 * clr.standard_normal(self.shape))
            lst = np.where(land, lst, t_air - 4)
            cloud = self.clouds(clr, p)
            stacks["truth"].append(theta)
            stacks["precip"].append(p)
            stacks["api"].append(api_pred)
            stacks["ndvi"].append(np.where(cloud, np.nan, ndvi))
            stacks["lst"].append(np.where(cloud, np.nan, lst))
            stacks["coarse"].append(self.coarse(cor, theta, i))
        return self.write(folder, s, stacks)

    def clouds(self, r, rain):
        frac = np.clip(self.cloud * (0.4 + 1.6 * (rain.mean() > 0.5)) + r.normal(0, 0.05), 0, 0.9)
        field = smooth(r, self.shape, 6) + 0.02 * gaussian_filter(rain, 4)
        return field > np.quantile(field, 1 - frac)

    def coarse(self, r, theta, i):
        n = self.size
        b = theta.reshape(n, NEST, n, NEST)
        ok = np.isfinite(b)
        mean = np.where(ok, b, 0).sum(axis=(1, 3)) / np.maximum(ok.sum(axis=(1, 3)), 1)
        mean = np.where(ok.sum(axis=(1, 3)) > 0.5 * NEST * NEST, mean, np.nan)
        obs = np.clip(mean + self.bias + r.normal(0, self.noise, mean.shape), 0.02, 0.6)
        gaps = r.random(mean.shape) < self.gap * 0.5
        if r.random() < 0.5:
            rows, cols = np.indices(mean.shape)
            pos = cols + r.choice([-0.5, 0.5]) * rows
            c = r.uniform(pos.min(), pos.max())
            gaps |= np.abs(pos - c) < r.uniform(0.5, 0.3 * n + 1)
        return np.where(gaps, np.nan, obs)

    def write(self, folder, s, stacks):
        crs = CRS.from_epsg(6933)
        iso = [d.isoformat() for d in self.dates]

        def save(name, arrays, transform, descriptions=None, dtype="float32"):
            arrays = np.asarray(arrays, "float64")
            if arrays.ndim == 2:
                arrays = arrays[None]
            prof = dict(driver="GTiff", width=arrays.shape[2], height=arrays.shape[1],
                        count=arrays.shape[0], dtype=dtype, crs=crs, transform=transform,
                        nodata=NODATA, tiled=True, blockxsize=256, blockysize=256,
                        compress="deflate")
            if arrays.shape[2] < 256:
                prof.update(tiled=False)
                prof.pop("blockxsize"), prof.pop("blockysize")
            path = os.path.join(folder, name)
            with rasterio.open(path, "w", **prof) as ds:
                ds.write(np.where(np.isfinite(arrays), arrays, NODATA).astype(dtype))
                for b, d in enumerate(descriptions or []):
                    ds.set_band_description(b + 1, d)
            return name

        files = {"truth": save("truth_sm_1km.tif", stacks["truth"], self.fine_transform, iso),
                 "coarse_stack": save("sm_36km_stack.tif", stacks["coarse"],
                                      self.coarse_transform, iso)}
        preds = {}
        for name in ("ndvi", "lst", "precip", "api"):
            preds[name] = save(f"{name}.tif", stacks[name], self.fine_transform, iso)
        for name in ("dem", "slope", "aspect", "sand", "clay"):
            preds[name] = save(f"{name}.tif", s[name], self.fine_transform)
        preds["landcover"] = save("landcover.tif", s["landcover"], self.fine_transform)
        manifest = {"generator": "peer_region", "seed": self.seed, "size": self.size,
                    "days": self.days, "noise": self.noise, "bias": self.bias,
                    "files": files, "predictors": preds, "categorical": ["landcover"]}
        with open(os.path.join(folder, "region.json"), "w") as f:
            json.dump(manifest, f, indent=1)
        return manifest


if __name__ == "__main__":
    seed, size, noise, out = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    Region(seed=seed, size=size, noise=noise).run(out)
