"""Apply the bundled Alembic migrations (at startup and from the CLI)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import make_url

try:
    import fcntl
except ImportError:  # Windows: one process in practice, so no lock is needed
    fcntl = None  # type: ignore[assignment]


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location",
                           str(Path(str(resources.files("socialguard.db") / "migrations"))))
    # env.py reads the URL from here rather than from an ini file (the URL may hold a password).
    config.attributes["url"] = url
    return config


def upgrade(url: str) -> None:
    """Migrate to the latest revisions (every head: workflows add their own branches);
    safe when several workers start at once."""
    parsed = make_url(url)
    database = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if not database or database == ":memory:":
        # PostgreSQL: env.py serialises workers with an advisory lock.
        command.upgrade(alembic_config(url), "heads")
        return
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        command.upgrade(alembic_config(url), "heads")
        return
    # SQLite runs DDL outside transactions, so workers take turns through a file lock.
    with open(path.with_name(path.name + ".migrate-lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            command.upgrade(alembic_config(url), "heads")
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
