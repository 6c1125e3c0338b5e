"""Faster versions of the pdfminer/pdfplumber steps the PDF reader spends its time in, with identical results.

These modules mirror internals of the pinned library versions, pdfplumber 0.11.10 and the pdfminer.six it
pins (20260107), to go faster: a content-stream tokenizer (content.py), char dicts made while pdfminer
renders (chars.py), page objects and duplicate chars (objects.py), ruled-table cells (tables.py). Each
lever was measured with bench/pdf_vs_pdfplumber.py; tests/test_pdf_fast_path.py proves the results equal
to the libraries' own calls (ingestion.readers.pdf.text_layer.reference_raw_page). Because they copy
internals, importing this package with other library versions fails: re-verify first (run those tests
against the new versions, compare the mirrored code with the libraries' new source), then update the pins.

The reader uses only the functions exported here.
"""

from __future__ import annotations

from importlib.metadata import version

import pdfplumber

PDFPLUMBER_VERSION = "0.11.10"  # pyproject.toml pins it
PDFMINER_VERSION = "20260107"  # the pdfminer.six that pdfplumber 0.11.10 pins


def _check_versions() -> None:
    """Refuse to load with library versions other than the ones these modules mirror."""
    found = {"pdfplumber": pdfplumber.__version__, "pdfminer.six": version("pdfminer.six")}
    expected = {"pdfplumber": PDFPLUMBER_VERSION, "pdfminer.six": PDFMINER_VERSION}
    if found != expected:
        raise ImportError(
            f"ingestion/readers/pdf/accelerated mirrors internals of pdfplumber {PDFPLUMBER_VERSION} and "
            f"pdfminer.six {PDFMINER_VERSION}, but pdfplumber {found['pdfplumber']} and pdfminer.six "
            f"{found['pdfminer.six']} are installed: re-verify the mirrored code against them "
            "(tests/test_pdf_fast_path.py, the libraries' source) before changing the versions here"
        )


_check_versions()

# Imported after the check: on other versions the mirrored modules may not even import.
from ingestion.readers.pdf.accelerated.objects import dedupe_chars, narrow_to_table, prime_objects  # noqa: E402
from ingestion.readers.pdf.accelerated.tables import extract_table, find_tables  # noqa: E402

__all__ = ["dedupe_chars", "extract_table", "find_tables", "narrow_to_table", "prime_objects"]
