"""Hand-written PDFs whose objects refer to themselves, each in one of the ways a real file can loop.

Each is a complete PDF (header, objects, a cross-reference table with true offsets, trailer) so the
loop, not a syntax error, is what a reader meets.
"""

from __future__ import annotations

_TEXT = b"BT /F1 12 Tf 72 720 Td (annual report) Tj ET"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _stream(body: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length " + str(len(body)).encode() + extra + b" >>\nstream\n" + body + b"\nendstream"


def build_pdf(objects: dict[int, bytes], root: int = 1, prev_self: bool = False) -> bytes:
    """A PDF holding ``objects`` (number -> body); ``prev_self`` makes the trailer's /Prev point at its own xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref_at = len(out)
    out += f"xref\n0 {size}\n".encode() + b"0000000000 65535 f \n"
    for number in range(1, size):
        out += f"{offsets[number]:010d} 00000 n \n".encode() if number in offsets else b"0000000000 65535 f \n"
    prev = f" /Prev {xref_at}" if prev_self else ""
    out += f"trailer\n<< /Size {size} /Root {root} 0 R{prev} >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)


def _page(contents: bytes = b"4 0 R", resources: bytes = b"<< /Font << /F1 5 0 R >> >>", parent: int = 2) -> bytes:
    return (b"<< /Type /Page /Parent " + str(parent).encode() + b" 0 R /MediaBox [0 0 595 842] /Resources "
            + resources + b" /Contents " + contents + b" >>")


def _one_page(**changed: bytes) -> dict[int, bytes]:
    """A one-page document's objects (catalog 1, pages 2, page 3, contents 4, font 5), some replaced or added
    (keyword ``o<number>``)."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: _page(),
        4: _stream(_TEXT),
        5: _FONT,
    }
    objects.update({int(key[1:]): body for key, body in changed.items()})
    return objects


def page_tree_cycle() -> bytes:
    """The page tree's kids form a cycle: Pages 2 -> Pages 6 -> Pages 2."""
    return build_pdf(_one_page(
        o2=b"<< /Type /Pages /Kids [6 0 R 3 0 R] /Count 2 >>",
        o6=b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
    ))


def length_refers_to_itself() -> bytes:
    """A content stream whose /Length is an indirect reference to the stream itself."""
    return build_pdf(_one_page(o4=b"<< /Length 4 0 R >>\nstream\n" + _TEXT + b"\nendstream"))


def xref_prev_loop() -> bytes:
    """The cross-reference section's /Prev points at itself."""
    return build_pdf(_one_page(), prev_self=True)


def form_draws_itself() -> bytes:
    """A form XObject whose content draws the same form (infinite recursion when rendered)."""
    form = _stream(b"/Fm1 Do " + _TEXT, b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Fm1 6 0 R >> /Font << /F1 5 0 R >> >>")
    return build_pdf(_one_page(
        o3=_page(resources=b"<< /Font << /F1 5 0 R >> /XObject << /Fm1 6 0 R >> >>"),
        o4=_stream(b"/Fm1 Do"),
        o6=form,
    ))


def own_reference() -> bytes:
    """An object whose whole body is a reference to itself (used as the page's resources and contents)."""
    return build_pdf(_one_page(o3=_page(contents=b"7 0 R", resources=b"7 0 R"), o7=b"7 0 R"))


SELF_REFERENCING = {
    "page-tree-cycle.pdf": page_tree_cycle,
    "length-self.pdf": length_refers_to_itself,
    "xref-prev-loop.pdf": xref_prev_loop,
    "form-draws-itself.pdf": form_draws_itself,
    "own-reference.pdf": own_reference,
}
