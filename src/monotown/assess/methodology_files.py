"""Reading a methodology: YAML text or a file, the weight-set files it names (relative to it),
validated once into a `Methodology` whose uncertainty inputs are known to resolve.

Apart from `methodology.py` (the model), because checking the inputs needs the indicator tree and
the uncertainty inputs, which are built on the model.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from monotown.assess.methodology import Methodology, default_methodology_text
from monotown.assess.uncertain import read_input_files, resolve_inputs
from monotown.errors import InputError


def parse_methodology(data: Mapping[str, Any], *, file: str = "methodology") -> Methodology:
    """Validate a mapping (read from YAML) into a Methodology, or raise one clear InputError."""
    try:
        methodology = Methodology.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or None
        raise InputError(first["msg"].removeprefix("Value error, "), file=file,
                         field=where) from None  # fmt: skip
    if methodology.uncertainty.inputs:
        try:
            resolve_inputs(methodology)
        except InputError as error:
            raise InputError(error.reason, file=file, field=error.field,
                             value=error.value) from None  # fmt: skip
    return methodology


def load_methodology(path: str | Path | None = None) -> Methodology:
    """Read a methodology YAML file; without a path, the bundled documented default."""
    if path is None:
        text = default_methodology_text()
        name = "default.yaml"
    else:
        file = Path(path)
        if not file.is_file():
            raise InputError("file not found", file=str(path))
        text = file.read_text(encoding="utf-8")
        name = str(path)
        return methodology_from_text(text, file=name, base=file.parent)
    return methodology_from_text(text, file=name)


def methodology_from_text(
    text: str, *, file: str = "methodology", base: Path | None = None
) -> Methodology:
    """Parse YAML text; files it names (weight sets) are read relative to `base`."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", error)
        raise InputError(f"not valid YAML ({problem})", file=file, row=row) from None
    if not isinstance(data, Mapping):
        raise InputError("a methodology must be a YAML mapping", file=file)
    if base is not None:
        data = read_input_files(dict(data), base)
    return parse_methodology(data, file=file)
