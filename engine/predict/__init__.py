"""Applying a model: inference, prediction of a stack, residual correction."""
