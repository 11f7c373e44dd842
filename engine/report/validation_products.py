"""The products of a station validation: which were scored, where their values are.

A :class:`~..stations.validation.ValidationResult` scores the downscaled map and,
when given, the coarse product; every product has rows in ``result.summary``, its
values at the pairs in ``result.pairs`` (the map under ``"map"``, any other product
under its own name) and its per-station metrics on the station (the map's in
``StationResult.metrics``, any other product's in the attribute of its name, e.g.
``coarse``). The report's figures and tables loop over :func:`products_of`, so a
further product added to the result appears without changing them.
"""
SM_UNITS = "m³/m³"
MAP = "downscaled"
DEFAULT_NAMES = {MAP: "downscaled map", "coarse": "coarse product"}
PRODUCT_COLOURS = {MAP: "#3b7dd8", "coarse": "#d9822b"}
MORE_COLOURS = ("#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf")


def products_of(result):
    """The products scored in ``result``, the map first, in the order of its summary."""
    found = [MAP]
    for row in result.summary or []:
        if row.get("product") not in found:
            found.append(row["product"])
    if result.has_coarse and "coarse" not in found:
        found.append("coarse")
    return tuple(p for p in found if p == MAP or pair_key(p) in result.pairs)


def pair_key(product):
    """The key of ``result.pairs`` holding ``product``'s values at the pairs."""
    return "map" if product == MAP else product


def station_score(station, product):
    """The metrics of one station for ``product`` (empty dict when absent)."""
    score = station.metrics if product == MAP else getattr(station, product, None)
    return score or {}


def product_names(products, map_name=None, coarse_name=None):
    """Readable name of every product: the layer names given, else a default."""
    given = {MAP: map_name, "coarse": coarse_name}
    return {p: given.get(p) or DEFAULT_NAMES.get(p, p) for p in products}


def product_colour(products, product):
    """The line and box colour of ``product`` among ``products``."""
    if product in PRODUCT_COLOURS:
        return PRODUCT_COLOURS[product]
    others = [p for p in products if p not in PRODUCT_COLOURS]
    return MORE_COLOURS[others.index(product) % len(MORE_COLOURS)]
