"""Every error a user can cause is one of the classes in `monotown.errors`, so the CLI and the web
render them in one place and a library user finds them all in one module."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import monotown
from monotown import errors


def _package_modules() -> list[str]:
    names = []
    for module in pkgutil.walk_packages(monotown.__path__, "monotown."):
        if module.name.startswith("monotown.migrations") or module.name == "monotown.__main__":
            continue
        names.append(module.name)
    return names


def test_every_user_error_class_is_defined_in_errors() -> None:
    elsewhere = []
    for name in _package_modules():
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, errors.MonotownError) and value.__module__ != "monotown.errors":
                elsewhere.append(f"{value.__module__}.{value.__qualname__}")
    assert sorted(set(elsewhere)) == []


def test_every_error_class_has_a_status_an_exit_code_and_a_reason() -> None:
    classes = [
        value
        for _, value in inspect.getmembers(errors, inspect.isclass)
        if issubclass(value, errors.MonotownError)
    ]
    assert len(classes) >= 12
    for error_class in classes:
        assert 400 <= error_class.http_status < 600, error_class
        assert error_class.exit_code != 0, error_class
        assert error_class.__doc__, error_class


def test_a_look_up_that_found_nothing_is_a_not_found_error_with_its_message() -> None:
    assert errors.or_not_found(0, "unused") == 0  # a falsy find is still found
    assert errors.or_not_found("", "unused") == ""
    with pytest.raises(errors.NotFoundError) as raised:
        errors.or_not_found(None, "no assessment run 9")
    assert raised.value.message == "no assessment run 9" and raised.value.http_status == 404


def test_a_location_names_only_the_parts_it_knows() -> None:
    assert errors.format_location("is empty") == "is empty"
    assert errors.format_location("is empty", row=3) == "row 3: is empty"
    assert errors.format_location("bad", file="a.csv", row=2, field="x", value="1,5") == (
        "a.csv:2: field 'x' value '1,5': bad"
    )
    error = errors.InputError("bad", file="a.csv", field="x", value=None)
    assert (error.file, error.row, error.field, error.value) == ("a.csv", None, "x", None)
    assert error.message == "a.csv: field 'x': bad"


def test_a_hint_names_the_close_name_or_says_nothing() -> None:
    assert errors.did_you_mean("labour") == " (did you mean 'labour'?)"
    assert errors.did_you_mean(None) == "" and errors.did_you_mean("") == ""
