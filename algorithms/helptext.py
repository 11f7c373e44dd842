"""An algorithm's help as plain text, its bullets labelled from the definitions.

The toolbox shows each line as a paragraph and ``qgis_process help`` prints it as it
is, so no HTML is used. The help of a parameter or output is keyed by its name; the
label of its bullet is the description the dialog shows, so the two cannot drift.
Names that share one bullet are joined with " / " in the order given.
"""
from qgis.PyQt.QtCore import QCoreApplication

SEPARATOR = " / "


def help_text(alg, summary, entries, notes=()):
    """The help: ``summary``, the PARAMETERS and OUTPUTS bullets of ``entries``, ``notes``.

    ``entries`` maps a parameter or output name, or a tuple of names, to its text; a
    destination parameter (a file or layer written) is listed under OUTPUTS.
    """
    parameters, outputs = [], []
    for key, text in entries.items():
        names = entry_names(key)
        bullet = f"• {entry_label(alg, names)}: {text}"
        (outputs if _is_output(alg, names[0]) else parameters).append(bullet)
    lines = [summary]
    if parameters:
        lines.append(QCoreApplication.translate("SmAlgorithm", "PARAMETERS"))
        lines += parameters
    if outputs:
        lines.append(QCoreApplication.translate("SmAlgorithm", "OUTPUTS"))
        lines += outputs
    lines += list(notes)
    return "\n".join(lines)


def entry_names(key):
    """The names of a help entry's key: one name or a tuple of them."""
    return (key,) if isinstance(key, str) else tuple(key)


def entry_label(alg, names):
    """The descriptions of ``names`` (parameters, else outputs) joined by " / "."""
    return SEPARATOR.join(description(alg, name) for name in names)


def description(alg, name):
    """The description of parameter or output ``name``; the name itself if it has none."""
    definition = alg.parameterDefinition(name) or alg.outputDefinition(name)
    return definition.description() if definition is not None else name


def _is_output(alg, name):
    parameter = alg.parameterDefinition(name)
    return parameter is None or parameter.isDestination()
