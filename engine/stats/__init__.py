"""Statistics beyond the pairwise metrics of :mod:`..metrics` (issue 19 §3).

Pure numpy/scipy, no rasters: confidence intervals (:mod:`.intervals`), the scores
with those intervals and the rank correlations (:mod:`.scores`), the mean R over
stations through Fisher's z (:mod:`.fisher`), anomalies from a moving average or a
day-of-year climatology (:mod:`.anomalies`) and triple collocation
(:mod:`.triple_collocation`). Definitions and names follow pytesmo
(github.com/TUW-GEO/pytesmo, src/pytesmo/metrics and src/pytesmo/time_series).
"""
