"""The resources every asset gets instead of reading the environment: the warehouse and the parse limits."""


from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from ingestion.limits import ParseLimits
from orchestration.runner.discovery import OwnFiles
from orchestration.runner.limits import FileLimits
from orchestration.runner.tasks import RunLimits
from orchestration.settings import Settings
from orchestration.warehouse.lock import warehouse_lock
from orchestration.warehouse.publish import copy_atomically, publish_build
from orchestration.warehouse.summary import warehouse_summary


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse's files: the private build copy (the only file written), the published link users
    query, the Parquet lake and the log folder; and the one way to open the build file."""

    build_path: str
    published_path: str
    lake_path: str
    logs_path: str
    dbt_memory_limit: str = "1.25GB"  # warehouse/dbt_runner.py DEFAULT_MEMORY_LIMIT says why
    corrections_path: str = ""  # the reviewers' corrections log ("" = none), loaded as raw.corrections

    @classmethod
    def from_settings(cls, settings: Settings) -> "WarehouseResource":
        """The resource for the settings' files."""
        return cls(
            build_path=str(settings.build_path),
            published_path=str(settings.published_path),
            lake_path=str(settings.lake_dir),
            logs_path=str(settings.logs_dir),
            dbt_memory_limit=settings.dbt_memory_limit,
            corrections_path=str(settings.corrections_path),
        )

    @property
    def build(self) -> Path:
        """The build file the loader and dbt write."""
        return Path(self.build_path)

    @property
    def published(self) -> Path:
        """The published warehouse (a link to the slot last published)."""
        return Path(self.published_path)

    @property
    def lake(self) -> Path:
        """The Parquet lake."""
        return Path(self.lake_path)

    def own_files(self) -> OwnFiles:
        """What discovery must never take as input."""
        return OwnFiles(self.published, self.build, self.lake, Path(self.logs_path))

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the build file, closed on exit (one per step: DuckDB allows one writer process)."""
        self.build.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(self.build), read_only=read_only)
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def writing(self, log: Callable[[str], None] | None = None) -> Iterator[None]:
        """Hold the warehouse's lock while a step writes the build or publishes it (orchestration/warehouse/lock.py).

        Waits while another process (an `ogi run`, another Dagster run) holds it, saying so through ``log``;
        free when this process holds it already (``run_pipeline`` holds it for the whole run).
        """
        with warehouse_lock(self.published, what="a Dagster run", wait=True, on_wait=log):
            yield

    def seed_build_from_published(self) -> None:
        """Start the build copy from the last published warehouse, so nothing loaded is lost.

        Copied under a temporary name and renamed: a copy cut short (a full disk) leaves no half build file
        that the next run would take for the build.
        """
        if not self.build.exists() and self.published.exists():
            self.build.parent.mkdir(parents=True, exist_ok=True)
            copy_atomically(self.published, self.build)

    def publish(self) -> tuple[dict, dict[str, int]]:
        """Publish the build (changed blocks, then an atomic link swap); how it went and what it holds."""
        how = publish_build(self.build, self.published)
        con = duckdb.connect(str(self.published), read_only=True)
        try:
            return how, warehouse_summary(con)
        finally:
            con.close()


class ParseLimitsResource(dg.ConfigurableResource):
    """Per-file limits of the parse (time, memory, size) and of the ingestion library (pages, OCR confidence)."""

    file_timeout_s: float = 120.0
    file_memory_mb: int = 3072
    file_max_bytes: int = 200 * 1024 * 1024
    max_pdf_pages: int = 300
    ocr_min_confidence: float = 0.6

    @classmethod
    def from_settings(cls, settings: Settings) -> "ParseLimitsResource":
        """The resource for the settings' limits."""
        files, parse = settings.file_limits, settings.parse_limits
        return cls(
            file_timeout_s=files.timeout_s,
            file_memory_mb=files.memory_mb,
            file_max_bytes=files.max_bytes,
            max_pdf_pages=parse.max_pdf_pages,
            ocr_min_confidence=parse.ocr_min_confidence,
        )

    def run_limits(self) -> RunLimits:
        """The limits as the typed value sent with every batch to its workers."""
        return RunLimits(
            files=FileLimits(self.file_timeout_s, self.file_memory_mb, self.file_max_bytes),
            parse=ParseLimits(self.max_pdf_pages, self.ocr_min_confidence),
        )
