"""Rendering a report model to HTML and, through WeasyPrint, to PDF, from the same templates.

The PDF states on every page whether that page uses synthetic data. Which pages do is only known
after layout, so the PDF is laid out once, the pages holding a synthetic marker (an element whose id
starts with `syn-`) are found from the page anchors, and it is laid out again with a footer rule for
exactly those pages. Footers live in the page margin, so the second layout breaks pages identically.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape

from monotown import __version__
from monotown.i18n import format_date, get_translations
from monotown.reports.model import Report

SYNTHETIC_ANCHOR = "syn-"
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


def _page_css(report: Report, synthetic_pages: Sequence[int]) -> str:
    gettext = get_translations(report.lang, "reports").gettext
    title = css_string(report.title)
    css = (
        _template_text("page.css")
        .replace("$title", title)
        .replace("$page", css_string(gettext("Page")))
    )
    label = css_string(gettext("‡ Synthetic demo data is used on this page"))
    rules = [
        f'@page :nth({page}) {{ @bottom-left {{ content: "Monotown · {title}\\A {label}"; '
        "white-space: pre; color: #b03a2e; } }"
        for page in synthetic_pages
    ]
    return css + "\n".join(rules)


def render_html(
    report: Report, *, for_pdf: bool = False, synthetic_pages: Sequence[int] = ()
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


def render_pdf_result(report: Report) -> PdfResult:
    """Lay the report out as an A4 PDF, labelling each page that holds synthetic data."""
    document = _layout(render_html(report, for_pdf=True))
    pages: list[object] = document.pages  # type: ignore[attr-defined]
    marked = tuple(
        number
        for number, page in enumerate(pages, start=1)
        if any(anchor.startswith(SYNTHETIC_ANCHOR) for anchor in page.anchors)  # type: ignore[attr-defined]
    )
    if marked:
        document = _layout(render_html(report, for_pdf=True, synthetic_pages=marked))
    data = document.write_pdf()  # type: ignore[attr-defined]
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
