"""check_choice: the one message for a value that is not among the choices."""
import pytest

from smdownscale.engine.errors import InputError, check_choice


def test_a_known_value_is_returned():
    assert check_choice("gda", ("gda", "gra"), "fusion method") == "gda"
    assert check_choice(9, {36: "a", 9: "b"}, "cell size") == 9


def test_an_unknown_value_names_what_it_is_and_every_choice():
    with pytest.raises(InputError) as err:
        check_choice("sum", ("gda", "gra"), "fusion method")
    assert str(err.value) == "Unknown fusion method 'sum'; use one of gda, gra."


def test_the_hint_follows_the_choices():
    with pytest.raises(InputError) as err:
        check_choice("x", ["a", "b"], "feature kind", hint="Train the model again.")
    assert str(err.value) == "Unknown feature kind 'x'; use one of a, b. Train the model again."


def test_choices_that_are_not_text_and_unhashable_values():
    with pytest.raises(InputError, match=r"^Unknown cell size '5'; use one of 36, 9\.$"):
        check_choice(5, {36: "a", 9: "b"}, "cell size")
    with pytest.raises(InputError, match=r"Unknown method '\['a'\]'"):
        check_choice(["a"], {"a": 1}, "method")  # a list is not a key: no TypeError
