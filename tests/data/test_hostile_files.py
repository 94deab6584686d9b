"""Files built to hurt: each is refused with one clear error naming the file, row and limit (or
read correctly), quickly, and never with a traceback."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from monotown.data.value_files import open_layout
from monotown.errors import InputError, TooLargeError
from tests.conftest import Cli

LONG = "settlement,indicator,period,value\nTemirtau,pop_total,2024,1\nBalkhash,pop_total,2024,2\n"


def _records(path: Path) -> pd.DataFrame:
    layout = open_layout(path, file=path.name)
    return pd.concat(list(layout.records), ignore_index=True)


def _error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        _records(path)
    return caught.value


def test_a_byte_invalid_in_cp1251_on_the_first_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"settlement,indicator,period,value\x98\nTemirtau,pop_total,2024,1\n")
    error = _error(path)
    assert error.row == 1 and "0x98" in error.message and "bad.csv" in error.message


def test_an_invalid_byte_further_down_names_its_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    saran = "Сарань,pop_total,2024,3\n".encode("cp1251")
    path.write_bytes(LONG.encode() + saran + b"x\x98,a,b,c\n")
    error = _error(path)
    assert error.row == 5 and "0x98" in error.message


def test_a_row_with_more_fields_than_the_header(tmp_path: Path) -> None:
    path = tmp_path / "wide-row.csv"
    path.write_text("settlement,indicator,period,value\nTemirtau,pop_total,2024,1,5,6\n")
    error = _error(path)
    assert error.row == 2 and "has 6 fields where the header has 4" in error.message
    path.write_text(LONG + "Saran,pop_total,2024,1,5\n")
    assert _error(path).row == 4


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_files_are_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "unicode.csv"
    path.write_bytes(LONG.replace("Balkhash", "Балқаш").encode(encoding))
    records = _records(path)
    assert records["settlement"].tolist() == ["Temirtau", "Балқаш"]


def test_deeply_nested_dhis2_json(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"dataValues": ' + "[" * 100_000 + "]" * 100_000 + "}")
    error = _error(path)
    assert "MONOTOWN_MAX_JSON_DEPTH" in error.message and error.http_status == 422
    path.write_text('{"dataValues": [' + '{"a": ' * 30 + "1" + "}" * 30 + "]}")
    assert "MONOTOWN_MAX_JSON_DEPTH" in _error(path).message


def test_a_million_columns_are_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "million.csv"
    header = "settlement,period," + ",".join(f"c{i}" for i in range(1_000_000))
    path.write_text(header + "\nTemirtau,2024," + "," * 999_999 + "\n")
    assert path.stat().st_size > 8_000_000
    started = time.perf_counter()
    error = _error(path)
    assert time.perf_counter() - started < 2
    assert "1,000,002 columns" in error.message and "MONOTOWN_MAX_COLUMNS" in error.message


def test_wide_files_are_unpivoted_in_one_pass(tmp_path: Path) -> None:
    codes = [f"ind_{i}" for i in range(900)]
    rows = [
        ",".join([f"town{r}", "2024", *("" if (r + i) % 3 else str(i) for i in range(900))])
        for r in range(300)
    ]
    path = tmp_path / "wide.csv"
    path.write_text("settlement,period," + ",".join(codes) + "\n" + "\n".join(rows) + "\n")
    started = time.perf_counter()
    records = _records(path)
    assert time.perf_counter() - started < 5
    expected = sum(1 for r in range(300) for i in range(900) if (r + i) % 3 == 0)
    assert len(records) == expected
    first = records.iloc[0]
    assert (first["row"], first["settlement"], first["indicator"], first["value"]) == (
        2, "town0", "ind_0", "0",
    )  # fmt: skip
    assert set(records["col"]) == set(range(2, 902))


def test_row_and_cell_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "many.csv"
    path.write_text(LONG + "Saran,pop_total,2024,3\n")
    monkeypatch.setenv("MONOTOWN_MAX_ROWS", "2")
    error = _error(path)
    assert isinstance(error, TooLargeError) and "MONOTOWN_MAX_ROWS" in error.message
    monkeypatch.delenv("MONOTOWN_MAX_ROWS")
    monkeypatch.setenv("MONOTOWN_MAX_CELL_CHARS", "20")
    path.write_text(LONG + "Saran,pop_total,2024," + "9" * 21 + "\n")
    error = _error(path)
    assert error.row == 4 and error.field == "value" and "MONOTOWN_MAX_CELL_CHARS" in error.message


def _xlsx_with_shared_strings(path: Path, strings: list[str]) -> None:
    """A minimal workbook whose cells all point into sharedStrings.xml, as Excel writes them."""
    package = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="values" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="1">'
            + "".join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate("ABCD"))
            + "</row></sheetData></worksheet>"
        ),
        "xl/sharedStrings.xml": (
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + "".join(f"<si><t>{text}</t></si>" for text in strings)
            + "</sst>"
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in package.items():
            archive.writestr(name, text)


def test_xlsx_whose_shared_strings_unpack_too_far(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "strings.xlsx"
    header = ["settlement", "indicator", "period", "value"]
    _xlsx_with_shared_strings(path, header + ["x" * 1_000_000] * 3)
    assert path.stat().st_size < 50_000
    monkeypatch.setenv("MONOTOWN_MAX_XLSX_STRINGS_MB", "2")
    started = time.perf_counter()
    error = _error(path)
    assert time.perf_counter() - started < 1
    assert error.http_status == 413 and "MONOTOWN_MAX_XLSX_STRINGS_MB" in error.message
    monkeypatch.setenv("MONOTOWN_MAX_XLSX_STRINGS_MB", "32")
    monkeypatch.setenv("MONOTOWN_MAX_XLSX_UNPACKED_MB", "1")
    assert "MONOTOWN_MAX_XLSX_UNPACKED_MB" in _error(path).message
    monkeypatch.delenv("MONOTOWN_MAX_XLSX_UNPACKED_MB")
    _xlsx_with_shared_strings(path, header)
    layout = open_layout(path, file=path.name)  # a well-formed small workbook still opens
    assert layout.columns == header and list(layout.records) == []


def test_the_cli_says_it_in_one_line(data_cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"settlement,indicator,period,value\x98\n")
    result = data_cli("import", str(path))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: bad.csv:1:"), result.output
