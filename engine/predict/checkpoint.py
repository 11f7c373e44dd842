"""What identifies a prediction run, for its resume checkpoint (:mod:`..raster.resume`).

Two runs are the same run when they write the same output (and the same optional
outputs) from the same inputs — every predictor, the coarse product, the mask and
the zones by path, size and modification time — with the same model (its
fingerprint, :func:`model_fingerprint`), the same options, the same plugin version
and the same dates. Options that cannot change the result are left out, so a rerun
may change them: ``n_threads`` (the same result for any count), ``compile_cache``
(where compiled copies are kept) and ``resume`` itself.
"""
import hashlib
import io
import json
import os
import pickle

from ..raster import resume
from ..raster.resume import options_of

IGNORED_OPTIONS = ("n_threads", "compile_cache", "resume")


def model_fingerprint(model):
    """SHA-256 naming a model: its file's estimator checksum and description when it was
    loaded from a file (:func:`..learn.modelfile.load_model`), else its pickled
    estimators and description (computed once per model object)."""
    cached = getattr(model, "_resume_fingerprint", None)
    if cached is not None:
        return cached
    digest = hashlib.sha256()
    about = {"config": repr(model.config), "features": model.features,
             "classes": {k: [int(c) for c in v] for k, v in model.classes.items()},
             "seasons": {k: list(v) for k, v in model.season_table.items()},
             "created": model.info.get("created")}
    digest.update(json.dumps(about, sort_keys=True, default=str).encode("utf-8"))
    checksum = model.info.get("estimators_sha256")
    if checksum:
        digest.update(checksum.encode("ascii"))
    else:
        blob = io.BytesIO()
        pickle.dump(_estimators(model), blob, protocol=4)
        digest.update(blob.getvalue())
    model._resume_fingerprint = digest.hexdigest()
    return model._resume_fingerprint


def _estimators(model):
    """Every fitted estimator of the model (partitions, date models, gap model)."""
    out = dict(model.estimators)
    if model.date_models is not None:
        out.update({f"date:{k}": v for k, v in model.date_models.estimators.items()})
    if model.gap_model is not None:
        out["gap"] = model.gap_model.estimator
    return out


def run_identity(model, layers, dates, options, output, coarse=None, mask=None, zones=None,
                 uncertainty=None, quality=None):
    """The JSON-able identity of a prediction run (see the module docstring).

    ``layers``: PredictorLayer objects; ``dates``: BandDate (or None) per output band;
    ``options``: the validated PredictOptions; the rest: paths or None.
    """
    inputs = [("predictor", layer.path, layer.name) for layer in layers]
    inputs += [(kind, path) for kind, path in (("coarse product", coarse), ("mask", mask),
                                               ("zones", zones)) if path]
    return resume.run_identity(output, inputs, options_of(options, IGNORED_OPTIONS),
                               outputs=[_absolute(uncertainty), _absolute(quality)],
                               model=model_fingerprint(model),
                               dates=[d.iso if d else "" for d in dates])


def _absolute(path):
    return os.path.abspath(str(path)) if path else None
