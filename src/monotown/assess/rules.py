"""Reading rule sets (criteria, warnings) as data: bundled by name or from a YAML file."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar

import numpy as np
import yaml
from pydantic import BaseModel, ValidationError

from monotown.errors import InputError

Op = Literal[">", ">=", "<", "<=", "=="]
ModelT = TypeVar("ModelT", bound=BaseModel)


def compare(value: float, op: str, threshold: float) -> bool:
    if op == ">":
        return value > threshold
    if op == ">=":
        return value >= threshold
    if op == "<":
        return value < threshold
    if op == "<=":
        return value <= threshold
    return bool(np.isclose(value, threshold))


def margin(value: float, op: str, threshold: float) -> float:
    """How far the value is from the threshold, positive on the side where the rule holds."""
    return value - threshold if op in (">", ">=") else threshold - value


def load_rules(name_or_path: str | Path, model: type[ModelT], *, prefix: str) -> ModelT:
    """A bundled rule set (`kz` -> resources/assess/<prefix>_kz.yaml) or a YAML file path."""
    bundled = resources.files("monotown").joinpath(f"resources/assess/{prefix}_{name_or_path}.yaml")
    path = Path(name_or_path)
    if bundled.is_file():
        text = bundled.read_text(encoding="utf-8")
        file = f"{prefix}_{name_or_path}.yaml"
    elif path.is_file():
        text = path.read_text(encoding="utf-8")
        file = str(path)
    else:
        raise InputError("no such bundled rule set or file", file=str(name_or_path))
    return parse_rules(text, model, file=file)


def load_bundled(file_name: str, model: type[ModelT]) -> ModelT:
    text = resources.files("monotown").joinpath(f"resources/assess/{file_name}").read_text("utf-8")
    return parse_rules(text, model, file=file_name)


def parse_rules(text: str, model: type[ModelT], *, file: str) -> ModelT:
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise InputError(f"not valid YAML ({error})", file=file) from None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or None
        raise InputError(first["msg"], file=file, field=where) from None
