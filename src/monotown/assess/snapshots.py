"""Whole tables a stored run keeps, as bytes: the input it assessed (so it can be regenerated
bit for bit), its design and its per-replication scores and ranks.

Numbers are stored exactly: numeric arrays in numpy's compressed npz (no pickles: loading never
runs code), tables with text in gzip-compressed CSV (pandas writes floats with `repr`, which reads
back to the same double).
"""

from __future__ import annotations

import gzip
import io
import json

import numpy as np
import pandas as pd

from monotown.assess.pipeline import AssessmentInput

NPZ = "application/x-npz"
CSV_GZ = "text/csv+gzip"
FloatArray = np.ndarray


def _numeric(arrays: dict[str, FloatArray], name: str, frame: pd.DataFrame) -> None:
    arrays[f"{name}.values"] = frame.to_numpy(dtype=float)
    arrays[f"{name}.columns"] = np.array([str(c) for c in frame.columns], dtype=str)
    if isinstance(frame.index, pd.MultiIndex):
        for level in range(frame.index.nlevels):
            values = frame.index.get_level_values(level)
            numeric = pd.api.types.is_integer_dtype(values)
            arrays[f"{name}.index{level}"] = (
                np.asarray(values, dtype=np.int64) if numeric else np.array(values, dtype=str)
            )
    else:
        arrays[f"{name}.index"] = np.array([str(i) for i in frame.index], dtype=str)


def _frame(arrays: dict[str, FloatArray], name: str) -> pd.DataFrame | None:
    if f"{name}.values" not in arrays:
        return None
    levels = sorted(k for k in arrays if k.startswith(f"{name}.index"))
    if levels == [f"{name}.index"]:
        index: pd.Index = pd.Index(arrays[f"{name}.index"].astype(object))
    else:
        index = pd.MultiIndex.from_arrays(
            [arrays[k].astype(object) if arrays[k].dtype.kind == "U" else arrays[k] for k in levels]
        )
    columns = pd.Index(arrays[f"{name}.columns"].astype(object))
    return pd.DataFrame(arrays[f"{name}.values"], index=index, columns=columns)


def input_bytes(inp: AssessmentInput) -> bytes:
    """The pipeline's input (values, units, panel, period, years) as exact npz bytes."""
    arrays: dict[str, FloatArray] = {}
    _numeric(arrays, "data", inp.data)
    if inp.panel is not None:
        _numeric(arrays, "panel", inp.panel)
    if inp.years is not None:
        _numeric(arrays, "years", inp.years)
    units = inp.units.copy()
    units.index = units.index.astype(str)
    arrays["units.json"] = np.array(units.astype(object).to_json(orient="split"), dtype=str)
    arrays["period"] = np.array(-1 if inp.period is None else int(inp.period))
    buffer = io.BytesIO()
    np.savez_compressed(buffer, allow_pickle=False, **arrays)
    return buffer.getvalue()


def input_from_bytes(content: bytes) -> AssessmentInput:
    with np.load(io.BytesIO(content), allow_pickle=False) as stored:
        arrays = {key: stored[key] for key in stored.files}
    data = _frame(arrays, "data")
    assert data is not None
    units = pd.read_json(io.StringIO(str(arrays["units.json"])), orient="split", dtype=False)
    units.index = pd.Index([str(i) for i in units.index], dtype=object)
    units = units.reindex(data.index)
    period = int(arrays["period"])
    return AssessmentInput(
        data=data,
        units=units,
        panel=_frame(arrays, "panel"),
        period=None if period < 0 else period,
        years=_frame(arrays, "years"),
    )


def table_bytes(table: pd.DataFrame) -> bytes:
    return gzip.compress(table.to_csv(index=False).encode("utf-8"))


def table_from_bytes(content: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(gzip.decompress(content)))


def replications_bytes(units: list[str], scores: FloatArray, ranks: FloatArray) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer, units=np.array(units, dtype=str), scores=scores, ranks=ranks.astype(np.float32)
    )
    return buffer.getvalue()


def replications_from_bytes(content: bytes) -> tuple[list[str], FloatArray, FloatArray]:
    with np.load(io.BytesIO(content), allow_pickle=False) as stored:
        return [str(u) for u in stored["units"]], stored["scores"], stored["ranks"]


def records(table: pd.DataFrame) -> list[dict[str, object]]:
    """JSON-safe records (NaN -> None) for the run's JSON columns."""
    text = table.to_json(orient="records", double_precision=15)
    out: list[dict[str, object]] = json.loads(text)
    return out
