"""Fixture generator: render a golden report (tests/fixtures/*.json) as HTML, DOCX or PDF in several layouts.

``render(golden, fmt, layout)`` returns the file's bytes and a file name with the right extension;
``LAYOUTS`` lists the layouts of each format. The round trip parse(render(golden)) == golden is checked by
tests/test_round_trip.py; benchmarks can call ``render`` over many goldens to make varied reports.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.fixture_render import docx as _docx
from tests.fixture_render import html as _html
from tests.fixture_render import pdf as _pdf
from tests.fixture_render.common import file_stem

_RENDERERS: dict[str, tuple[Callable[[dict, str], bytes], dict, str]] = {
    "html": (_html.render_html, _html.LAYOUTS, "html"),
    "docx": (_docx.render_docx, _docx.LAYOUTS, "docx"),
    "pdf": (_pdf.render_pdf, _pdf.LAYOUTS, "pdf"),
}

LAYOUTS: dict[str, list[str]] = {fmt: list(spec[1]) for fmt, spec in _RENDERERS.items()}


def render(golden: dict, fmt: str, layout: str) -> tuple[bytes, str]:
    """The golden report rendered as ``fmt`` in ``layout``: (file bytes, file name)."""
    if fmt not in _RENDERERS:
        raise ValueError(f"unknown format {fmt!r}; one of {sorted(_RENDERERS)}")
    renderer, layouts, ext = _RENDERERS[fmt]
    if layout not in layouts:
        raise ValueError(f"unknown {fmt} layout {layout!r}; one of {sorted(layouts)}")
    return renderer(golden, layout), f"{file_stem(golden)}-{layout}.{ext}"
