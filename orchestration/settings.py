"""Every setting of the pipeline, typed and read once at the edge (the CLI, Dagster's definitions).

Values come from ``OGI_*`` environment variables (``OGI_FILE_TIMEOUT=60``) or from the caller
(``load_settings(warehouse=...)``, which is how the CLI's ``--warehouse`` and ``--lake`` win). Everything
below the edge gets the object or the values it needs as parameters and reads no environment: a typo such
as ``OGI_FILE_MEMORY_MB=3G`` stops the run at start with one line naming the variable, instead of failing
inside every worker.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingestion.limits import ParseLimits
from orchestration.runner.limits import FileLimits

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DEFAULT_SAMPLES = PROJECT_ROOT / "data" / "samples"
DEFAULT_BROKER = "redis://localhost:6379/0"
DEFAULT_BACKEND = "redis://localhost:6379/1"


class SettingsError(ValueError):
    """A setting with a value it cannot take; the message is one line for the terminal."""


class Settings(BaseSettings):
    """The pipeline's settings; each field is the environment variable ``OGI_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="OGI_", frozen=True, extra="ignore")

    warehouse: Path = Field(PROJECT_ROOT / "data" / "warehouse.duckdb", description="the published DuckDB file users query")
    warehouse_build: Path | None = Field(None, description="the private copy loader and dbt write (default <warehouse>.build)")
    lake: Path | None = Field(None, description="the Parquet lake, one folder per report (default lake/ beside the warehouse)")
    inbox: Path = Field(PROJECT_ROOT / "data" / "inbox", description="the folder the Dagster sensor watches")
    file_timeout: float = Field(120, ge=0, description="seconds one file may take to parse (0: no limit)")
    file_memory_mb: int = Field(3072, ge=64, description="address space of one parser process, in MB")
    file_max_mb: float = Field(200, gt=0, description="largest file read, in MB")
    max_pdf_pages: int = Field(300, ge=1, description="a PDF with more pages is refused unread")
    ocr_min_confidence: float = Field(0.6, ge=0, le=1, description="OCR cells below it are 'uncertain' (no value)")
    ocr_review_confidence: float = Field(0.95, ge=0, le=1, description="`ogi check` names OCR cells below it when a rule fails")
    dbt_memory_limit: str = Field(
        "1.25GB", pattern=r"^\d+(\.\d+)?\s*[KMGT]i?B$", description="DuckDB memory cap of dbt's build, e.g. 1.25GB"
    )
    corrections: Path | None = Field(None, description="the reviewers' corrections log (default corrections.csv beside the warehouse)")
    reviewer: str = Field("anonymous", description="who `ogi correct` records as the reviewer when --by is not given")
    celery_broker: str = Field(DEFAULT_BROKER, description="Celery broker URL of the cluster fan-out")
    celery_backend: str = Field(DEFAULT_BACKEND, description="Celery result backend URL of the cluster fan-out")

    @field_validator("warehouse", "warehouse_build", "lake", "inbox", "corrections")
    @classmethod
    def _absolute(cls, path: Path | None) -> Path | None:
        # absolute without resolving the file itself: the published warehouse is a link to a publish slot
        return None if path is None else Path(os.path.abspath(path.expanduser().parent.resolve() / path.name))

    @property
    def published_path(self) -> Path:
        """The warehouse users query (a link to the slot last published)."""
        return self.warehouse

    @property
    def build_path(self) -> Path:
        """The private copy the loader and dbt write; published by an atomic link swap when a build succeeds."""
        if self.warehouse_build is not None:
            return self.warehouse_build
        return self.warehouse.with_name(self.warehouse.stem + ".build" + self.warehouse.suffix)

    @property
    def lake_dir(self) -> Path:
        """Parquet per parsed report."""
        return self.lake if self.lake is not None else self.warehouse.parent / "lake"

    @property
    def corrections_path(self) -> Path:
        """The corrections log (orchestration/review/corrections/log.py), loaded as ``raw.corrections``."""
        return self.corrections if self.corrections is not None else self.warehouse.parent / "corrections.csv"

    @property
    def logs_dir(self) -> Path:
        """Where `ogi run` writes its log."""
        return self.warehouse.parent / "logs"

    @property
    def parse_limits(self) -> ParseLimits:
        """What the ingestion library needs (it reads no environment)."""
        return ParseLimits(max_pdf_pages=self.max_pdf_pages, ocr_min_confidence=self.ocr_min_confidence)

    @property
    def file_limits(self) -> FileLimits:
        """Per-file limits of the parse fan-out."""
        return FileLimits(
            timeout_s=self.file_timeout, memory_mb=self.file_memory_mb, max_bytes=int(self.file_max_mb * 1024 * 1024)
        )


def _one_line(error: ValidationError) -> str:
    """``OGI_FILE_MEMORY_MB='3G': Input should be a valid integer (address space of one parser process, in MB)``."""
    parts = []
    for e in error.errors():
        name = str(e["loc"][0]) if e["loc"] else "?"
        field = Settings.model_fields.get(name)
        what = f" ({field.description})" if field and field.description else ""
        parts.append(f"OGI_{name.upper()}={e.get('input')!r}: {e['msg']}{what}")
    return "; ".join(parts)


def load_settings(**overrides) -> Settings:
    """The settings from the environment, with the caller's overrides (None values are ignored).

    Raises SettingsError with one line per bad variable.
    """
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        raise SettingsError(_one_line(exc)) from None
