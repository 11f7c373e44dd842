"""How flat_layout_stacking_gabp_dbn.smdm and flat_layout_expected.npz were made.

Run at commit 7b75447 (the last flat engine layout, before the subpackages) with the
folder holding the checkout as package ``smdownscale`` as its argument; it does not run
against the current layout. The model's pickle names smdownscale.engine.gabp and
smdownscale.engine.dbn, which test_modelfile.py loads through the alias map.
"""
import pathlib
import sys

import numpy as np

sys.path.insert(0, sys.argv[1])
from smdownscale.engine.features import PredictorLayer  # noqa: E402
from smdownscale.engine.modelfile import save_model  # noqa: E402
from smdownscale.engine.samples import build_samples  # noqa: E402
from smdownscale.engine.synthetic import RegionSpec, generate_region  # noqa: E402
from smdownscale.engine.synthetic.predictors import prepare_predictors  # noqa: E402
from smdownscale.engine.training import TrainConfig, train  # noqa: E402

out = pathlib.Path(__file__).parent
folder = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/flat_layout_region")
folder.mkdir(exist_ok=True)
manifest = generate_region(folder, RegionSpec(coarse_cols=4, coarse_rows=4, n_days=6,
                                              gap_fraction=0.0))
paths = prepare_predictors(folder, manifest)
layers = [PredictorLayer(k, v) for k, v in paths.items() if k in ("ndvi", "dem")]
samples = build_samples(str(folder / manifest["files"]["coarse_stack"]), layers,
                        min_coverage=0.5)
model = train(samples, TrainConfig("stacking", stack_base=["gabp", "dbn"], seed=3,
                                   n_threads=1, importance_repeats=1))
save_model(model, str(out / "flat_layout_stacking_gabp_dbn.smdm"))
np.savez(out / "flat_layout_expected.npz", X=samples.X[:12], pred=model.predict(samples.X[:12]))
