"""Service settings, read once from the environment (DATABASE_URL, REDIS_URL and PROCUREMENT_*)."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

DEFAULT_DATABASE = "sqlite:///var/procurement.db"


class Settings(BaseSettings):
    """Every limit is checked before any work is done; sizes in bytes, times in seconds."""

    model_config = SettingsConfigDict(env_prefix="PROCUREMENT_", extra="ignore", populate_by_name=True)

    database_url: str = Field(
        default=DEFAULT_DATABASE, validation_alias=AliasChoices("DATABASE_URL", "PROCUREMENT_DATABASE_URL")
    )
    redis_url: str | None = Field(default=None, validation_alias=AliasChoices("REDIS_URL", "PROCUREMENT_REDIS_URL"))
    queue_path: Path | None = None
    max_upload_bytes: int = Field(default=50 * 1024 * 1024, gt=0)
    max_rows: int = Field(default=200_000, gt=0)
    max_model_size: int = Field(default=5_000_000, gt=0)
    max_zip_members: int = Field(default=100, gt=0)
    max_zip_ratio: float = Field(default=200.0, gt=1)
    run_wall_limit_s: float = Field(default=3600.0, gt=0)
    heartbeat_s: float = Field(default=2.0, gt=0)
    stale_after_s: float = Field(default=60.0, gt=0)
    max_attempts: int = Field(default=2, ge=1)
    explain_runs: bool = True  # a run that does not say `explain` is explained (its re-solves can take long)
    # The pages' session cookies are signed with secret_key; unset, one is generated into secret_file once.
    secret_key: SecretStr | None = None
    secret_key_file: Path | None = None
    session_max_age_s: int = Field(default=8 * 3600, gt=0)
    secure_cookies: bool = False  # true behind HTTPS: the session cookie is then never sent over plain HTTP

    @property
    def is_sqlite(self) -> bool:
        return make_url(self.database_url).get_backend_name() == "sqlite"

    @property
    def queue_file(self) -> Path:
        """The Huey SQLite queue: PROCUREMENT_QUEUE_PATH, or `<database>-queue.db` beside the SQLite database."""
        if self.queue_path is not None:
            return self.queue_path
        database = make_url(self.database_url).database if self.is_sqlite else None
        if not database or database == ":memory:":
            return Path("var/procurement-queue.db")
        path = Path(database)
        return path.with_name(f"{path.stem}-queue.db")

    @property
    def secret_file(self) -> Path:
        """Where a generated secret_key is kept: PROCUREMENT_SECRET_KEY_FILE, or `secret_key` beside the queue file
        (var/secret_key by default)."""
        return self.secret_key_file or self.queue_file.with_name("secret_key")
