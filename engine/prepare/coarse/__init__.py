"""Coarse soil-moisture products (AMSR2, SMOS, ESA CCI) imported into dated stacks.

:mod:`.common` holds what every importer shares (files opened, identified and dated,
one product per run, no date twice, the screening rules counted, the passes put into
bands, the strip-by-strip write); one module per product reads its layout.
"""
