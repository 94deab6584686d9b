"""Reading PDFs back the way a reader would: poppler's pdfinfo, pdftotext and pdftoppm."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

POPPLER = ("pdfinfo", "pdftotext", "pdftoppm")


def require_poppler() -> None:
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"poppler-utils missing ({', '.join(missing)}); .ci/run installs them")


def pdf_info(path: Path) -> dict[str, str]:
    require_poppler()
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return {
        key.strip(): value.strip()
        for key, value in (line.split(":", 1) for line in out.splitlines() if ":" in line)
    }


def page_count(path: Path) -> int:
    return int(pdf_info(path)["Pages"])


def page_texts(path: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with form feeds)."""
    require_poppler()
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = out.split("\f")
    return pages[: page_count(path)]


def render_pages(path: Path, out_dir: Path, dpi: int = 40) -> list[Path]:
    require_poppler()
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(path), str(out_dir / "page")], check=True
    )
    return sorted(out_dir.glob("page-*.png"))


def ink_fraction(png: Path) -> float:
    """Share of pixels that are not white: a blank page is ~0."""
    with Image.open(png) as image:
        grey = image.convert("L")
        histogram = grey.histogram()
    total = sum(histogram)
    return 1 - sum(histogram[245:]) / total


def assert_pages_not_blank(path: Path, out_dir: Path) -> None:
    pages = render_pages(path, out_dir)
    assert len(pages) == page_count(path)
    for png in pages:
        assert ink_fraction(png) > 0.005, f"{png.name} looks blank"
