"""The engine's layout: four shared modules on top, subpackages in layers, no cycle, no qgis.

Every ``import`` statement (also those inside functions) of every engine module is
read with ``ast``; the graph of engine modules must be acyclic and may only point
from a subpackage to itself, to a lower layer or to the shared modules.
"""
import ast
import os

import pytest

ENGINE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "engine")
SHARED = {"errors", "progress", "dependencies", "metrics"}
LAYERS = {"raster": 1, "stats": 1, "geostat": 2, "prepare": 3, "learn": 4, "predict": 5,
          "stations": 5, "report": 6, "synthetic": 7}


def _modules():
    """dict dotted name (relative to engine) → file path."""
    out = {}
    for folder, _, files in os.walk(ENGINE):
        for name in files:
            if name.endswith(".py"):
                rel = os.path.relpath(os.path.join(folder, name), ENGINE)[:-3]
                parts = rel.split(os.sep)
                if parts[-1] == "__init__":
                    parts = parts[:-1]
                out[".".join(parts)] = os.path.join(folder, name)
    return out


def _imports(name, path, known):
    """Engine modules imported by module ``name`` (every import statement)."""
    package = name.split(".") if path.endswith("__init__.py") else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1] if node.level > 1 else package
                target = base + (node.module.split(".") if node.module else [])
            elif node.module and ".engine." in f".{node.module}.":
                target = node.module.split(".engine.", 1)[1].split(".") \
                    if ".engine." in node.module else []
            else:
                continue
            dotted = ".".join(target)
            for alias in node.names:  # 'from . import x' imports module x
                sub = f"{dotted}.{alias.name}" if dotted else alias.name
                found.add(sub if sub in known else dotted)
    return {m for m in found if m in known and m != name}


@pytest.fixture(scope="module")
def graph():
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def test_top_level_holds_only_the_shared_modules_and_subpackages():
    entries = {e for e in os.listdir(ENGINE) if not e.startswith(("__", "."))}
    files = {e[:-3] for e in entries if e.endswith(".py")}
    folders = {e for e in entries if os.path.isdir(os.path.join(ENGINE, e))}
    assert files == SHARED
    assert folders == set(LAYERS)


def _layer(module):
    head = module.split(".")[0]
    return 0 if head in SHARED or module == "" else LAYERS[head]


def test_imports_point_only_to_the_same_or_a_lower_layer(graph):
    wrong = []
    for module, targets in graph.items():
        if not module:
            continue
        for target in targets:
            same_package = target.split(".")[0] == module.split(".")[0]
            both_shared = _layer(target) == _layer(module) == 0
            if not (same_package or both_shared) and _layer(target) >= _layer(module):
                wrong.append(f"{module} → {target}")
    assert not wrong, wrong


def test_no_import_cycle(graph):
    state = {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                pytest.fail("import cycle: " + " → ".join(path + [node, nxt]))
            if nxt not in state:
                visit(nxt, path + [node])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])


def test_no_engine_module_imports_qgis():
    for name, path in _modules().items():
        tree = ast.parse(open(path, encoding="utf-8").read())
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n == "qgis" or n.startswith("qgis.") for n in names), name
