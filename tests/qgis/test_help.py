"""Every algorithm's help: a bullet for every parameter and output, labelled from its definition."""
from qgis.core import QgsProcessingModelAlgorithm

from smdownscale.algorithms.helptext import entry_label, entry_names


def algorithms(registry):
    return [a for a in registry.providerById("smdownscale").algorithms()
            if not isinstance(a, QgsProcessingModelAlgorithm)]  # the model: test_model.py


def test_every_parameter_and_output_has_a_bullet_labelled_by_its_description(registry):
    for alg in algorithms(registry):
        text = alg.shortHelpString()
        declared = [p.name() for p in alg.parameterDefinitions()] + \
            [o.name() for o in alg.outputDefinitions()]
        helped = [name for key in alg.all_help_entries() for name in entry_names(key)]
        assert set(declared) <= set(helped), (alg.id(), set(declared) - set(helped))
        assert set(helped) <= set(declared), (alg.id(), set(helped) - set(declared))
        assert len(helped) == len(set(helped)), alg.id()  # one bullet per name
        bullets = [line for line in text.splitlines() if line.startswith("• ")]
        assert len(bullets) == len(alg.all_help_entries()), alg.id()
        for key in alg.all_help_entries():
            names = entry_names(key)
            label = " / ".join(
                (alg.parameterDefinition(n) or alg.outputDefinition(n)).description()
                for n in names)
            assert entry_label(alg, names) == label
            assert any(b.startswith(f"• {label}: ") for b in bullets), (alg.id(), names)


def test_parameters_before_outputs(registry):
    for alg in algorithms(registry):
        lines = alg.shortHelpString().splitlines()
        outputs_at = lines.index("OUTPUTS")
        assert lines.index("PARAMETERS") < outputs_at, alg.id()
        for key in alg.all_help_entries():
            name = entry_names(key)[0]
            definition = alg.parameterDefinition(name)
            is_output = definition is None or definition.isDestination()
            line = next(i for i, l in enumerate(lines) if l.startswith(
                f"• {entry_label(alg, entry_names(key))}:"))
            assert (line > outputs_at) == is_output, (alg.id(), key)


def test_help_cites_by_author_and_year(registry):
    for alg in algorithms(registry):
        text = alg.shortHelpString()
        assert "paper 0" not in text and "papers 0" not in text and "Paper 0" not in text, \
            alg.id()
        assert "Zhao et al." not in text, alg.id()
    train = registry.algorithmById("smdownscale:train").shortHelpString()
    assert "Chen et al. 2023 (GA-optimised BP network; lon/lat, day sequence and AM/PM" in train
    api = registry.algorithmById("smdownscale:antecedentprecip").shortHelpString()
    assert "Yan & Bai 2020 found precipitation" in api and "Xu et al. 2024 checked" in api
    smap = registry.algorithmById("smdownscale:importsmap").shortHelpString()
    assert "only in the 1 km product they compared with" in smap


def test_a_changed_label_changes_the_help(registry):
    """The label comes from the definition, so a changed label changes the help with it."""
    from smdownscale.algorithms.fuse import Fuse

    alg = Fuse()
    alg.initAlgorithm()
    alg.parameterDefinition("SEED").setDescription("Random seed for the hold-out")
    text = alg.shortHelpString()
    assert "Random seed for the hold-out" in text
