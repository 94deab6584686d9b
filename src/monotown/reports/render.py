"""Rendering a report model to HTML and, through WeasyPrint, to PDF, from the same templates.

The PDF states on every page whether that page uses synthetic data. Which pages do is only known
after layout: every synthetic figure carries a marker (an element whose id starts with `syn-`), so
the pages holding one are found from the page anchors. The layout gives every page the synthetic
footer label (a margin box of its own) and the label is then taken off the pages without a marker.
Should WeasyPrint's page boxes ever be out of reach, the report is laid out a second time with the
label set for exactly the marked pages (`@page :nth(N)`); footers live in the page margin, so the
second layout breaks pages identically.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from monotown import __version__
from monotown.i18n import format_date, get_translations
from monotown.reports.collector import collection_paused
from monotown.reports.model import Report
from monotown.reports.render_tables import column_widths

SYNTHETIC_ANCHOR = "syn-"
SYNTHETIC_MARGIN = "@bottom-left"
LABEL_STYLE = 'color: #b03a2e; font-size: 7pt; font-family: "DejaVu Sans"; font-weight: bold;'
TEMPLATES = "monotown.reports"


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=PackageLoader(TEMPLATES, "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=False,
        lstrip_blocks=False,
    )


@lru_cache(maxsize=4)
def _template_text(name: str) -> str:
    return resources.files(TEMPLATES).joinpath("templates", name).read_text("utf-8")


def css_string(text: str) -> str:
    """Text safe inside a double-quoted CSS string in a <style> element (footers carry titles)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return escaped.replace("<", "\\3c ").replace(">", "\\3e ")


def _page_css(report: Report, synthetic_pages: Sequence[int] | None) -> str:
    """Page rules; the synthetic label goes on every page (None) or on the pages listed."""
    gettext = get_translations(report.lang, "reports").gettext
    css = (
        _template_text("page.css")
        .replace("$title", css_string(report.title))
        .replace("$page", css_string(gettext("Page")))
    )
    label = css_string(gettext("‡ Synthetic demo data is used on this page"))
    rule = f'{{ {SYNTHETIC_MARGIN} {{ content: "{label}"; {LABEL_STYLE} }} }}'
    if synthetic_pages is None:
        return f"{css}\n@page {rule}"
    return css + "\n".join(f"@page :nth({page}) {rule}" for page in synthetic_pages)


def render_html(
    report: Report, *, for_pdf: bool = False, synthetic_pages: Sequence[int] | None = ()
) -> str:
    """The report as one self-contained HTML page (styles inline, images as data URIs)."""
    translations = get_translations(report.lang, "reports")
    counter = itertools.count(1)

    def syn_id() -> str:
        return f"{SYNTHETIC_ANCHOR}{next(counter)}"

    def omitted_label(count: int) -> str:
        text = translations.ngettext(
            "{count} more row not shown (see the workbook)",
            "{count} more rows not shown (see the workbook)",
            count,
        )
        return text.format(count=count)

    generated = translations.gettext("Generated on {date} from the Monotown database").format(
        date=format_date(report.generated, report.lang)
    )
    template = environment().get_template("report.html")
    return template.render(
        report=report,
        _=translations.gettext,
        syn_id=syn_id,
        omitted_label=omitted_label,
        column_widths=column_widths,
        generated_label=generated,
        css=_template_text("report.css"),
        page_css=_page_css(report, synthetic_pages) if for_pdf else "",
        pdf=for_pdf,
        version=__version__,
    )


@dataclass(frozen=True)
class PdfResult:
    """The PDF bytes with what a caller may want to state: pages and pages using synthetic data."""

    data: bytes
    pages: int
    synthetic_pages: tuple[int, ...]


def _layout(html: str) -> object:
    from weasyprint import HTML  # imported late: loading Pango costs ~0.5 s, HTML needs none of it

    return HTML(string=html).render()


def _has_marker(page: Any) -> bool:
    return any(anchor.startswith(SYNTHETIC_ANCHOR) for anchor in page.anchors)


def _drop_label(page: Any) -> bool:
    """Take the synthetic label off a laid-out page; False if page boxes are out of reach."""
    from weasyprint.formatting_structure.boxes import MarginBox

    box = getattr(page, "_page_box", None)
    if box is None or not hasattr(box, "children"):
        return False
    box.children = [
        child
        for child in box.children
        if not (isinstance(child, MarginBox) and child.at_keyword == SYNTHETIC_MARGIN)
    ]
    return True


@collection_paused()
def render_pdf_result(report: Report, *, single_layout: bool = True) -> PdfResult:
    """Lay the report out as an A4 PDF, labelling each page that holds synthetic data.

    `single_layout=False` forces the two-layout path (kept for WeasyPrint versions whose page
    boxes cannot be reached; tests exercise both).
    """
    html = render_html(report, for_pdf=True, synthetic_pages=None if report.synthetic else ())
    document: Any = _layout(html)
    pages = list(document.pages)
    marked = tuple(n for n, page in enumerate(pages, start=1) if _has_marker(page))
    unmarked = [page for page in pages if not _has_marker(page)]
    if report.synthetic and not (single_layout and all(_drop_label(p) for p in unmarked)):
        document = _layout(render_html(report, for_pdf=True, synthetic_pages=marked))
    data = document.write_pdf()
    return PdfResult(bytes(data), len(pages), marked)


def render_pdf(report: Report) -> bytes:
    return render_pdf_result(report).data


def render(report: Report, fmt: str) -> bytes:
    """'pdf' or 'html' bytes of a report."""
    writers: dict[str, Callable[[Report], bytes]] = {
        "pdf": render_pdf,
        "html": lambda r: render_html(r).encode("utf-8"),
    }
    return writers[fmt](report)
