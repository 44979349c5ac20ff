"""Database: SQLAlchemy 2 models base, engine and sessions, Alembic migrations."""

from socialguard.db.base import Base
from socialguard.db.session import Database

__all__ = ["Base", "Database"]
