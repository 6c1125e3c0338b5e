"""The dbt docs site: generated from a copy of the published warehouse (users may be reading the
original), as one static HTML file, and served on localhost."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from orchestration.dbt import dbt_executable, ensure_manifest
from orchestration.paths import DBT_PROJECT_DIR, PROJECT_ROOT, warehouse_path

DOCS_DIR = PROJECT_ROOT / "data" / "docs"


def build_docs() -> Path:
    """Run `dbt docs generate --static` against a scratch copy of the warehouse; returns the site folder."""
    ensure_manifest()
    scratch = Path(tempfile.mkdtemp(prefix="ogi-docs-"))
    db = scratch / "warehouse.duckdb"
    if warehouse_path().exists():
        shutil.copyfile(warehouse_path(), db)
    env = {**os.environ, "OGI_WAREHOUSE_BUILD": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    target = scratch / "target"
    base = [dbt_executable(), "--quiet"]
    common = ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(target)]
    if not warehouse_path().exists():
        # no published warehouse yet: build the (empty) models so the catalog has every column
        subprocess.run([*base, "build", *common], cwd=DBT_PROJECT_DIR, env=env, check=True)
    subprocess.run([*base, "docs", "generate", "--static", *common], cwd=DBT_PROJECT_DIR, env=env, check=True)
    DOCS_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("static_index.html", "index.html", "manifest.json", "catalog.json"):
        if (target / name).exists():
            shutil.copyfile(target / name, DOCS_DIR / name)
    shutil.rmtree(scratch, ignore_errors=True)
    return DOCS_DIR


def serve_docs(site: Path, port: int) -> None:
    """Serve the site folder on http://localhost:PORT/static_index.html until interrupted."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"serving http://localhost:{port}/static_index.html (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
