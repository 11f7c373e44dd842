"""Update the Qt translation sources i18n/smdownscale_<locale>.ts from the code.

    /usr/bin/python3 scripts/i18n_update.py [zh_CN …] [--translations FILE.json]

Finds every user-facing string: ``self.tr("…")`` and ``tr("…")`` inside a class
(context: the class name, as ``SmAlgorithm.tr`` uses), ``QCoreApplication.translate(
"Context", "…")``, a module's own ``tr`` helper (context: the one it passes to
translate), the ``NUMBERS`` output labels of each algorithm, the toolbox groups and
the learner names. Adjacent string literals are joined as Python joins them.

Existing translations are kept; new strings are added as unfinished; strings no longer
in the code are dropped. ``--translations`` merges a JSON list of {"context", "source",
"translation"} (e.g. from a translator) into the file. Compile the result with
``scripts/i18n_compile.sh`` (Qt's lrelease). pylupdate5 is not used: it does not see
through the ``tr = self.tr`` alias the help texts use.
"""
import ast
import glob
import json
import os
import sys
import xml.etree.ElementTree as ET

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
I18N = os.path.join(REPO, "i18n")
SOURCES = ("algorithms/*.py", "processing_provider/*.py", "plugin.py")
LOCALES = ("zh_CN",)


def extract():
    """[(context, source, "file:line")] in code order, without duplicates."""
    found, seen = [], set()
    for pattern in SOURCES:
        for path in sorted(glob.glob(os.path.join(REPO, pattern))):
            rel = os.path.relpath(path, REPO)
            for context, text, line in _strings(path):
                if (context, text) not in seen:
                    seen.add((context, text))
                    found.append((context, text, f"{rel}:{line}"))
    for context, text, where in _extra():
        if (context, text) not in seen:
            seen.add((context, text))
            found.append((context, text, where))
    return found


def _strings(path):
    tree = ast.parse(open(path, encoding="utf-8").read())
    module_context = _module_tr_context(tree)
    for cls in [n for n in tree.body if isinstance(n, ast.ClassDef)]:
        for node in ast.walk(cls):
            text = _tr_text(node)
            if text is not None:
                yield cls.name, text, node.lineno
            yield from _numbers(cls, node)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) == "translate" and \
                len(node.args) >= 2 and all(_const(a) is not None for a in node.args[:2]):
            yield _const(node.args[0]), _const(node.args[1]), node.lineno
        elif module_context and _module_call(node, tree):
            yield module_context, _const(node.args[0]), node.lineno


def _numbers(cls, node):
    """Labels of ``NUMBERS = ((name, label), …)`` class attributes."""
    if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "NUMBERS"
                                            for t in node.targets):
        for item in getattr(node.value, "elts", []):
            if isinstance(item, ast.Tuple) and len(item.elts) == 2:
                label = _const(item.elts[1])
                if label is not None:
                    yield cls.name, label, node.lineno


def _tr_text(node):
    """The literal of a ``tr("…")`` / ``self.tr("…")`` call, else None."""
    if isinstance(node, ast.Call) and _name(node.func) == "tr" and node.args:
        return _const(node.args[0])
    return None


def _module_tr_context(tree):
    """The context a module-level ``def tr(text)`` passes to translate, or None."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "tr":
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and _name(call.func) == "translate":
                    return _const(call.args[0])
    return None


def _module_call(node, tree):
    """A bare ``tr("…")`` call outside classes (the module helper)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "tr" and node.args and _const(node.args[0]) is not None):
        return False
    return not any(isinstance(c, ast.ClassDef) and node in list(ast.walk(c)) for c in tree.body)


def _extra():
    """Strings translated from variables: groups, learner names, the model's title."""
    sys.path.insert(0, os.path.join(REPO, "tests", ".pkg"))
    for value in _dict_values("algorithms/base.py", "GROUPS"):
        yield "SmAlgorithm", value, "algorithms/base.py:GROUPS"
    for value in _dict_values("engine/learn/learners.py", "LABELS"):
        yield "Train", value, "engine/learn/learners.py:LABELS"
    for name in ("TITLE",):
        value = _assigned("scripts/build_model.py", name)
        if value:
            yield "ShippedModel", value, f"scripts/build_model.py:{name}"


def _dict_values(rel, name):
    tree = ast.parse(open(os.path.join(REPO, rel), encoding="utf-8").read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == name
                                                for t in node.targets):
            for value in getattr(node.value, "values", []):
                text = _const(value)
                if text is not None:
                    yield text


def _assigned(rel, name):
    tree = ast.parse(open(os.path.join(REPO, rel), encoding="utf-8").read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == name
                                                for t in node.targets):
            return _const(node.value)
    return None


def _name(func):
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _const(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) \
        else None


# -- .ts files -------------------------------------------------------------------------------
def read_ts(path):
    """{(context, source): translation} of the finished and unfinished entries."""
    if not os.path.exists(path):
        return {}
    out = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            text = message.findtext("translation") or ""
            out[(name, message.findtext("source"))] = text
    return out


def write_ts(path, locale, strings, translations):
    """Write the .ts; returns (total, translated)."""
    root = ET.Element("TS", version="2.1", language=locale, sourcelanguage="en")
    contexts = {}
    done = 0
    for context, source, where in strings:
        node = contexts.get(context)
        if node is None:
            node = contexts[context] = ET.SubElement(root, "context")
            ET.SubElement(node, "name").text = context
        message = ET.SubElement(node, "message")
        file, _, line = where.partition(":")
        ET.SubElement(message, "location", filename=f"../{file}",
                      line=line if line.isdigit() else "0")
        ET.SubElement(message, "source").text = source
        text = translations.get((context, source), "")
        translation = ET.SubElement(message, "translation")
        if text:
            translation.text = text
            done += 1
        else:
            translation.set("type", "unfinished")
    ET.indent(root)
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        f.write(ET.tostring(root, encoding="unicode"))
        f.write("\n")
    return len(strings), done


def main(argv):
    extra = {}
    if "--translations" in argv:
        i = argv.index("--translations")
        for item in json.load(open(argv[i + 1], encoding="utf-8")):
            if item.get("translation"):
                extra[(item["context"], item["source"])] = item["translation"]
        argv = argv[:i] + argv[i + 2:]
    strings = extract()
    for locale in argv or LOCALES:
        path = os.path.join(I18N, f"smdownscale_{locale}.ts")
        translations = read_ts(path)
        translations.update(extra)
        total, done = write_ts(path, locale, strings, translations)
        print(f"{os.path.relpath(path, REPO)}: {total} strings, {done} translated, "
              f"{total - done} unfinished")


if __name__ == "__main__":
    main(sys.argv[1:])
