"""Learning the downscaler from coarse samples.

Features and samples, the learners (GABP and DBN included), training with seasons,
zones and cross-validation, importance, the model file and the ensemble spread.
"""
