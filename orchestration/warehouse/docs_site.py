"""The dbt docs site: generated from a copy of the published warehouse (users may be reading the
original), as one static HTML file, and served on localhost."""

from __future__ import annotations

import functools
import http.server
import shutil
import tempfile
from pathlib import Path

from orchestration.warehouse.dbt_runner import DEFAULT_MEMORY_LIMIT, run_dbt


def build_docs(published: Path, out: Path, memory_limit: str = DEFAULT_MEMORY_LIMIT) -> Path:
    """Run `dbt docs generate --static` against a scratch copy of ``published``; returns the site folder ``out``."""
    scratch = Path(tempfile.mkdtemp(prefix="ogi-docs-"))
    try:
        db = scratch / "warehouse.duckdb"
        if published.exists():
            shutil.copyfile(published, db)
        else:
            # no published warehouse yet: build the (empty) models so the catalog has every column
            _checked(run_dbt(["build"], db, scratch, memory_limit))
        _checked(run_dbt(["docs", "generate", "--static"], db, scratch, memory_limit))
        out.mkdir(parents=True, exist_ok=True)
        for name in ("static_index.html", "index.html", "manifest.json", "catalog.json"):
            if (scratch / "target" / name).exists():
                shutil.copyfile(scratch / "target" / name, out / name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return out


def _checked(proc) -> None:
    if proc.returncode != 0:
        raise RuntimeError(f"dbt failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")


def serve_docs(site: Path, port: int) -> None:
    """Serve the site folder on http://localhost:PORT/static_index.html until interrupted."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"serving http://localhost:{port}/static_index.html (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
