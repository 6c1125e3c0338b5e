"""Write every accuracy fixture to a folder, each file beside its golden JSON, for ``ogi evaluate``.

What it writes (``<name>.<ext>`` + ``<name>.json``):
- every golden report (tests/fixtures/*.json) rendered in every layout of tests/fixture_render;
- the hand-drawn PDF of table 三 broken over two pages (tests/handmade) in each way a page break is drawn;
- the hand-written HTML fixtures of tests/fixtures/handmade with their hand-written golden files.

Usage: ``python scripts/accuracy_fixtures.py OUT`` then ``ogi evaluate OUT OUT/*.{html,docx,pdf}``
(the README's accuracy section is made this way).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fixture_render import LAYOUTS, render  # noqa: E402
from tests.handmade.pdf_table3_break import table3_two_pages  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
BREAKS = {
    "closed-none": dict(open_bottom=False, open_top=False, page2_header="none"),
    "closed-leaf": dict(open_bottom=False, open_top=False, page2_header="leaf"),
    "open-bottom-full": dict(open_bottom=True, open_top=False, page2_header="full"),
    "open-both": dict(open_bottom=True, open_top=True, page2_header="none"),
}


def write_all(out: Path) -> list[Path]:
    """Write the fixtures and their golden files into ``out``; returns the report files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for golden_file in sorted(FIXTURES.glob("*.json")):
        golden = json.loads(golden_file.read_text(encoding="utf-8"))
        for fmt, layouts in LAYOUTS.items():
            for layout in layouts:
                data, _ = render(golden, fmt, layout)
                target = out / f"{golden_file.stem}__{fmt}-{layout}.{fmt}"
                target.write_bytes(data)
                shutil.copy(golden_file, target.with_suffix(".json"))
                written.append(target)
    golden_file = FIXTURES / "002_a6b295982b957889.json"
    golden = json.loads(golden_file.read_text(encoding="utf-8"))
    for name, options in BREAKS.items():
        target = out / f"handmade-table3-break-{name}.pdf"
        target.write_bytes(table3_two_pages(golden["requests"], "unable_needs_creation", **options))
        # only table 三 is drawn: the other tables are expected absent
        only_table3 = {**golden, "active_disclosure": [], "appeals": {}, "agency_name": "某某县人民政府办公室", "report_year": 2023}
        target.with_suffix(".json").write_text(json.dumps(only_table3, ensure_ascii=False), encoding="utf-8")
        written.append(target)
    for source in sorted((FIXTURES / "handmade").glob("*.html")):
        shutil.copy(source, out / source.name)
        shutil.copy(source.with_suffix(".json"), out / f"{source.stem}.json")
        written.append(out / source.name)
    return written


if __name__ == "__main__":
    files = write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "data/build/accuracy"))
    print(f"{len(files)} fixtures written")
