"""The HTML training report of ``smdownscale:train``.

:func:`write_training_report` writes one self-contained HTML file: the data the
model was trained on, its skill on held-out samples (and per fold), its
partitions, predicted-vs-observed scatter plots, the feature importance and the
settings of the run. Figures are drawn with matplotlib's Agg canvas (no pyplot,
no GUI) and embedded as base64 PNG, so the file can be mailed or archived alone.
"""
import math
import os

import numpy as np

from ..dependencies import missing_message
from ..errors import InputError
from ..learn import learners, crossval
from .htmlpage import (DASH, axis_limits, e, figure, img, is_missing, num, page, para,
                       plot_text, table, write_atomic)
from ..metrics import agreement

UNITS = "m³/m³"
DEFAULT_TITLE = "Soil-moisture downscaling: training report"
MAX_SCATTER_POINTS = 20000
MAX_DATE_TICKS = 16
METRIC_COLUMNS = (("n", "n"), ("r", "R"), ("rmse", f"RMSE ({UNITS})"),
                  ("ubrmse", f"ubRMSE ({UNITS})"), ("bias", f"bias ({UNITS})"),
                  ("mae", f"MAE ({UNITS})"), ("skill", "skill"))
RANDOM_SPLITS = {"train": "train (in-sample)", "validation": "validation",
                 "test": "test (held out)"}
KFOLD_SPLITS = {"train": "train (in-sample, final model)",
                "test": "out-of-fold (every sample held out once)"}
NOT_DECLARED = "not declared"
UNITS_NOTE = ("Units “not declared”: the raster of that predictor declares no band unit, so "
              "nothing records what its numbers mean (predict needs the 1 km layer in the same "
              "units). Declare it on the file, e.g. gdal_edit.py -units K lst.tif (with -scale "
              "and -offset for packed integers), and train again. The tools of this plugin "
              "declare the units of what they write; Build time stack keeps its inputs' units.")
SHAP_NOTE = ("Mean |SHAP| values need a tree learner: XGBoost, LightGBM and CatBoost compute "
             "them natively; random forest, extra trees and histogram gradient boosting need "
             "the shap package.")


def write_training_report(path, model, title=None):
    """Write the HTML training report of ``model`` (a DownscalingModel) to ``path``; return it."""
    message = missing_message(["matplotlib"])
    if message:
        raise InputError(message)
    path = os.path.abspath(str(path))
    write_atomic(path, render_report(model, title))
    return path


def render_report(model, title=None):
    """The report of ``model`` as HTML text."""
    title = title or DEFAULT_TITLE
    sections = [f"<h1>{e(title)}</h1>", _summary(model), _data_section(model),
                _metrics_section(model), _partitions_section(model), _scatter_section(model),
                _importance_section(model), _settings_section(model)]
    return page(title, sections)


# -- small helpers --------------------------------------------------------------------------
def _info(model):
    """The model's info dict (empty when absent)."""
    return getattr(model, "info", None) or {}


def _kfold(model):
    """True when the model was validated with a k-fold scheme."""
    return model.config.validation != "random"


def _split_labels(model):
    """Readable names of the metric splits of this model's scheme."""
    return KFOLD_SPLITS if _kfold(model) else RANDOM_SPLITS


def _learner_text(config):
    """Readable learner name, with the base learners of a stacking ensemble."""
    text = learners.LABELS.get(config.learner, config.learner)
    base = [learners.LABELS.get(k, k) for k in config.stack_base or []]
    if config.learner == "stacking" and base:
        text += " of " + (" and ".join(base) if len(base) < 3 else
                          ", ".join(base[:-1]) + " and " + base[-1])
    return text


def _scheme_text(config):
    """Readable validation scheme with its folds (and block size)."""
    text = crossval.LABELS.get(config.validation, config.validation)
    if config.validation == "spatial":
        return (f"{text} ({config.folds} folds, blocks of {config.block}×{config.block} "
                "coarse cells)")
    if config.validation != "random":
        return f"{text} ({config.folds} folds)"
    return text


# -- summary --------------------------------------------------------------------------------
def _summary(model):
    """One paragraph: learner, scheme, samples, dates and the held-out skill."""
    info, config = _info(model), model.config
    dates = info.get("dates") or []
    span = f" ({dates[0]} to {dates[-1]})" if dates else ""
    learner = _learner_text(config)
    text = (f"{learner[:1].upper()}{learner[1:]} trained on {info.get('n_samples', DASH)} "
            f"coarse-cell samples from {len(dates)} date(s){span}, validated with a "
            f"{_scheme_text(config)}. ")
    test = (info.get("metrics") or {}).get("test")
    if not test or not test.get("n"):
        text += "No held-out sample was scored, so the skill of the model is unknown."
    else:
        where = "Out of fold" if _kfold(model) else "On the test split"
        text += (f"{where} (n = {test['n']}): R = {num(test.get('r'))}, RMSE = "
                 f"{num(test.get('rmse'))} {UNITS}, ubRMSE = {num(test.get('ubrmse'))} "
                 f"{UNITS}, bias = {num(test.get('bias'))} {UNITS}.")
    seconds = info.get("fit_seconds")
    if not is_missing(seconds):
        text += f" Fitting the final model took {float(seconds):.1f} s."
    return para(text)


# -- data -----------------------------------------------------------------------------------
def _data_section(model):
    """Predictor layers, features, dates used and dropped, coverage per date."""
    info = _info(model)
    parts = ["<h2>Data</h2>", "<h3>Predictor layers</h3>", _layers_table(info.get("layers")),
             "<h3>Features</h3>", _features_table(model.features), _units_note(model.features),
             "<h3>Dates</h3>",
             _dates_text(info.get("dates") or []), _dropped_table(info.get("dropped") or [])]
    coverage = info.get("coverage") or {}
    if coverage:
        parts += ["<h3>Valid coarse cells per date</h3>",
                  _coverage_chart(coverage, set(info.get("dates") or []),
                                  info.get("min_coverage"))]
    return "\n".join(parts)


def _layers_table(layers):
    """Table of the predictor layers (name, static/dynamic, categorical, units, bands)."""
    if not layers:
        return para("No predictor layer is recorded in the model.", "note")
    rows = [(l.get("name", ""), "dynamic" if l.get("dynamic") else "static",
             "yes" if l.get("categorical") else "no", _layer_units(l),
             l.get("bands", DASH)) for l in layers]
    return table(("Layer", "Type", "Categorical", "Units", "Bands"), rows, numeric=(4,))


def _feature_kind(feature):
    """Readable meaning of one feature."""
    kind = feature.get("kind", "")
    source = feature.get("source", "")
    return {"continuous": f"value of {source} (coarse-cell mean)",
            "class_fraction": f"area share of class {feature.get('code', '?')} of {source}",
            "class_code": f"class code of {source} (coarse-cell mode)",
            "doy_sin": "day of year (sine)", "doy_cos": "day of year (cosine)",
            "lon": "longitude", "lat": "latitude", "pm": "afternoon overpass",
            "date_anomaly": f"{source} minus its band's mean of the date (coarse-cell mean)",
            "date_mean": f"mean of {source}'s band of the date"}.get(kind, kind)


def _features_table(features):
    """Table of the model's features in column order."""
    rows = [(i + 1, f.get("name", ""), _feature_kind(f), _feature_units(f))
            for i, f in enumerate(features or [])]
    return table(("#", "Feature", "Meaning", "Units"), rows, numeric=(0,))


def _layer_units(layer):
    """Units of a predictor layer: declared, class codes, or "not declared"."""
    if layer.get("categorical"):
        return layer.get("units") or "class codes"
    return layer.get("units") or NOT_DECLARED


def _feature_units(feature):
    """Units of a feature: a continuous layer's are "not declared" when it has none."""
    if feature.get("kind") in ("continuous", "date_anomaly", "date_mean"):
        return feature.get("units") or NOT_DECLARED
    return feature.get("units") or DASH


def _units_note(features):
    """How to declare units, when a continuous feature has none (else nothing)."""
    if any(_feature_units(f) == NOT_DECLARED for f in features or []):
        return para(UNITS_NOTE, "note")
    return ""


def _dates_text(dates):
    """The dates used for training, as one compact paragraph."""
    if not dates:
        return para("No date was used.", "note")
    return (para(f"{len(dates)} date(s) used, {dates[0]} to {dates[-1]}:")
            + "\n" + para(", ".join(str(d) for d in dates), "dates"))


def _dropped_table(dropped):
    """Table of the dates dropped and why (or a sentence when none was)."""
    if not dropped:
        return para("No date was dropped.")
    rows = [(d[0], d[1] if len(d) > 1 else "") for d in dropped]
    return para(f"{len(rows)} date(s) dropped:") + "\n" + table(("Date", "Reason"), rows)


def _coverage_chart(coverage, used, minimum=None):
    """Bar chart of the valid share of coarse cells per date (dropped dates in grey)."""
    dates = sorted(coverage)
    values = np.array([_float(coverage[d]) for d in dates])
    fig = figure(9.0, 3.0)
    ax = fig.add_subplot()
    x = np.arange(len(dates))
    kept = np.array([d in used for d in dates])
    ax.bar(x[kept], values[kept], width=0.8, color="#3b7dd8", label="used")
    if (~kept).any():
        ax.bar(x[~kept], values[~kept], width=0.8, color="#bbbbbb", label="dropped")
    if not is_missing(minimum):
        ax.axhline(float(minimum), color="#c0392b", lw=1, ls="--", label="minimum coverage")
    step = max(1, math.ceil(len(dates) / MAX_DATE_TICKS))
    ax.set_xticks(x[::step])
    ax.set_xticklabels(dates[::step], rotation=45, ha="right", fontsize=8)
    ax.set_xlim(-0.6, len(dates) - 0.4)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("valid share of coarse cells")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    return img(fig, "Valid share of coarse cells per date")


def _float(value):
    """float(value), NaN when missing."""
    return float("nan") if is_missing(value) else float(value)


# -- metrics --------------------------------------------------------------------------------
def _metrics_section(model):
    """Metrics per split and per fold."""
    info = _info(model)
    metrics = info.get("metrics") or {}
    names = _split_labels(model)
    rows = [[names.get(k, k)] + _metric_cells(metrics[k]) for k in names if k in metrics]
    rows += [[k] + _metric_cells(v) for k, v in metrics.items() if k not in names]
    parts = ["<h2>Metrics</h2>", table(["Split"] + [c[1] for c in METRIC_COLUMNS], rows,
                                       numeric=range(1, 8)),
             para("Train metrics are in-sample and only show over-fitting; skill is measured on "
                  "held-out samples. Skill = 1 − MSE / MSE of predicting the training mean "
                  "(> 0: better than the mean). Bias = predicted − observed.", "note")]
    folds = info.get("folds") or []
    if folds:
        rows = [[f.get("fold", i + 1)] + _metric_cells(f) for i, f in enumerate(folds)]
        parts += ["<h3>Per fold</h3>",
                  table(["Fold"] + [c[1] for c in METRIC_COLUMNS], rows, numeric=range(8))]
    return "\n".join(parts)


def _metric_cells(metrics):
    """Formatted n, R, RMSE, ubRMSE, bias, MAE and skill of one metrics dict."""
    metrics = metrics or {}
    return [num(metrics.get(key)) for key, _ in METRIC_COLUMNS]


# -- partitions -----------------------------------------------------------------------------
def _partitions_section(model):
    """Partitions (season, zone) with their sample counts, model used and held-out skill."""
    info = _info(model)
    parts = ["<h2>Partitions</h2>"]
    seasons = info.get("seasons") or {}
    if seasons:
        parts.append(para("Seasons: " + "; ".join(
            f"{k} = months {', '.join(str(m) for m in v)}" for k, v in seasons.items()) + "."))
    rows = [_partition_row(p) for p in info.get("partitions") or []]
    header = ("Partition", "Samples", "Model used", "Held-out n", "R", f"RMSE ({UNITS})",
              f"ubRMSE ({UNITS})", f"bias ({UNITS})")
    parts.append(table(header, rows, numeric=(1, 3, 4, 5, 6, 7)) if rows else
                 para("No partition is recorded in the model.", "note"))
    parts.append(_fallback_note(info.get("fallbacks") or {}, model.config))
    return "\n".join(parts)


def _partition_row(partition):
    """One row of the partitions table."""
    key, used = partition.get("partition", ""), partition.get("model", "")
    model_text = used if used == key else f"{used} (global model, fallback)"
    test = partition.get("test") or {}
    return [key, num(partition.get("samples")), model_text] + [
        num(test.get(k)) for k in ("n", "r", "rmse", "ubrmse", "bias")]


def _fallback_note(fallbacks, config):
    """Which partitions fell back to the global model, or that none did."""
    if not fallbacks:
        return para("Every partition has its own model." if (
            config.seasons != "none" or config.use_zones) else
            "One global model (no seasons or zones).", "note")
    listed = ", ".join(f"{k} ({n} training samples)" for k, n in fallbacks.items())
    return para(f"Partitions with fewer than {config.min_partition_samples} training samples "
                f"use the global model: {listed}.", "note")


# -- scatter plots --------------------------------------------------------------------------
def _scatter_section(model):
    """Predicted-vs-observed panels, one per split."""
    info = _info(model)
    panels = _scatter_panels(model, info)
    if not panels:
        return ("<h2>Predicted vs observed</h2>\n"
                + para("The model holds no predictions to plot.", "note"))
    fig = figure(4.0 * len(panels), 4.3)
    limits = axis_limits([np.concatenate([p[1], p[2]]) for p in panels])
    for i, (label, pred, obs) in enumerate(panels):
        _scatter_panel(fig.add_subplot(1, len(panels), i + 1), label, pred, obs, limits)
    note = (f" Each panel shows at most {MAX_SCATTER_POINTS:,} random samples."
            if any(len(p[1]) > MAX_SCATTER_POINTS for p in panels) else "")
    return ("<h2>Predicted vs observed</h2>\n"
            + img(fig, "Predicted versus observed soil moisture per split") + "\n"
            + para("Coarse soil moisture predicted by the model against the observed coarse "
                   "value; the dashed line is 1:1." + note, "note"))


def _scatter_panels(model, info):
    """(label, predicted, observed) per split of this model's scheme."""
    if info.get("pred") is None or info.get("y") is None:
        return []
    pred, obs = np.asarray(info["pred"], float), np.asarray(info["y"], float)
    names = _split_labels(model)
    if _kfold(model):
        panels = [(names["train"], pred, obs)]
        if info.get("oof") is not None:
            panels.append((names["test"], np.asarray(info["oof"], float), obs))
        return panels
    split = np.asarray(info.get("split") if info.get("split") is not None else [], dtype=object)
    if len(split) != len(obs):
        return [("all samples", pred, obs)]
    return [(names[k], pred[split == k], obs[split == k]) for k in names]


def _scatter_panel(ax, label, pred, obs, limits):
    """One predicted-vs-observed panel with a 1:1 line and n, R, RMSE in its title."""
    m = agreement(pred, obs)
    ax.plot(limits, limits, color="#888888", lw=1, ls="--", zorder=1)
    ok = np.isfinite(pred) & np.isfinite(obs)
    idx = np.flatnonzero(ok)
    if idx.size > MAX_SCATTER_POINTS:
        idx = np.sort(np.random.default_rng(0).choice(idx, MAX_SCATTER_POINTS, replace=False))
    if idx.size:
        ax.scatter(obs[idx], pred[idx], s=8 if idx.size < 2000 else 3, alpha=0.5,
                   color="#3b7dd8", edgecolors="none", zorder=2)
    else:
        ax.text(0.5, 0.5, "no samples", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlim(limits)
    ax.set_ylim(limits)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(f"observed ({UNITS})")
    ax.set_ylabel(f"predicted ({UNITS})")
    ax.set_title(f"{label}\nn = {m['n']}, R = {num(m['r'], 3)}, "
                 f"RMSE = {num(m['rmse'])} {UNITS}", fontsize=9)


# -- importance -----------------------------------------------------------------------------
def _importance_section(model):
    """%IncMSE chart (and mean |SHAP| chart, or why there is none) plus a table of both."""
    info = _info(model)
    importance, shap = info.get("importance") or [], info.get("shap")
    where = ("the held-out fold of every fold, averaged over the folds" if _kfold(model)
             else "the test split")
    parts = ["<h2>Feature importance</h2>"]
    if importance:
        parts += [_bar_chart([d.get("feature", "") for d in importance],
                             [d.get("incmse") for d in importance],
                             [d.get("incmse_sd") for d in importance],
                             "increase of MSE when permuted (%IncMSE, %)", "%IncMSE per feature"),
                  para("%IncMSE: increase of the mean squared error, in % of the unpermuted "
                       f"MSE, when one feature's values are shuffled among the samples of "
                       f"{where}; error bars: standard deviation over "
                       f"{model.config.importance_repeats} shuffles.", "note")]
    else:
        parts.append(para("No permutation importance is recorded in the model.", "note"))
    parts.append(_shap_part(shap, info.get("shap_source")))
    if importance or shap:
        parts.append(_importance_table(importance, shap))
    return "\n".join(parts)


def _shap_part(shap, source):
    """The mean |SHAP| chart with its source, or the sentence saying why there is none."""
    if not shap:
        return para(SHAP_NOTE)
    how = {"native": "computed natively by the learner (exact TreeSHAP)",
           "shap": "computed with the shap package (exact TreeSHAP)"}.get(source, "TreeSHAP")
    return (_bar_chart([d.get("feature", "") for d in shap],
                       [d.get("mean_abs_shap") for d in shap], None,
                       f"mean |SHAP| ({UNITS})", "Mean absolute SHAP value per feature")
            + "\n" + para(f"Mean absolute SHAP contribution of each feature to the predicted "
                          f"soil moisture of the global model, {how}.", "note"))


def _bar_chart(names, values, errors, xlabel, alt):
    """Horizontal bar chart, largest value on top; the height grows with the features."""
    values = np.array([_float(v) for v in values])
    order = np.argsort(-np.nan_to_num(values, nan=-np.inf), kind="stable")
    fig = figure(7.5, 0.9 + 0.24 * max(len(names), 3))
    ax = fig.add_subplot()
    y = np.arange(len(order))
    xerr = None
    if errors is not None:
        xerr = np.nan_to_num(np.array([_float(errors[i]) for i in order]), nan=0.0)
    ax.barh(y, np.nan_to_num(values[order], nan=0.0), xerr=xerr, color="#3b7dd8",
            ecolor="#444444", capsize=2, height=0.7)
    ax.set_yticks(y)
    ax.set_yticklabels([plot_text(names[i]) for i in order], fontsize=8)
    ax.set_ylim(len(order) - 0.5, -0.5)  # most important on top
    ax.axvline(0, color="#444444", lw=0.8)
    ax.set_xlabel(xlabel)
    return img(fig, alt)


def _importance_table(importance, shap):
    """Table of %IncMSE (± sd) and mean |SHAP| per feature, in %IncMSE order."""
    shap_of = {d.get("feature"): d.get("mean_abs_shap") for d in shap or []}
    names = [d.get("feature") for d in importance] or list(shap_of)
    incmse = {d.get("feature"): d for d in importance}
    rows = [(n, num(incmse.get(n, {}).get("incmse"), 2),
             num(incmse.get(n, {}).get("incmse_sd"), 2), num(shap_of.get(n), 5))
            for n in names]
    return ("<details><summary>Importance values</summary>\n"
            + table(("Feature", "%IncMSE", "sd", f"mean |SHAP| ({UNITS})"), rows,
                    numeric=(1, 2, 3)) + "\n</details>")


# -- settings -------------------------------------------------------------------------------
def _settings_section(model):
    """Hyperparameters, the run configuration and library versions."""
    info = _info(model)
    params = info.get("best_params")
    parts = ["<h2>Hyperparameters</h2>"]
    if params:
        parts += [para(f"Best of {model.config.search_budget} randomly searched candidates:"),
                  table(("Parameter", "Value"), [(k, _value(v)) for k, v in params.items()])]
    else:
        parts.append(para("Defaults of the learner (no hyperparameter search)."))
    parts += ["<h2>Run configuration</h2>",
              table(("Setting", "Value"),
                    [(k, _value(v)) for k, v in model.config.as_dict().items()])]
    versions = info.get("versions")
    if isinstance(versions, dict) and versions:
        parts += ["<h3>Library versions</h3>",
                  table(("Library", "Version"), [(k, _value(v)) for k, v in versions.items()])]
    return "\n".join(parts)


def _value(value):
    """Readable text of a configuration value (lists joined, empty as '—')."""
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return DASH if value is None or value == "" else str(value)
