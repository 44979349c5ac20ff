"""The policy every check uses: the version last published in the database.

Each process (web worker, CLI, scheduler) holds one ``PolicyInForce``. It asks the
database which publication is the latest at most every ``refresh_s`` seconds — one tiny
query — and parses the pack again only when that changed, so publishing or rolling back
reaches every worker within seconds and without a restart. Only packs are kept here,
never a draft being checked.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from socialguard.db.session import Database
from socialguard.policy import PackError, PolicyPack
from socialguard.policydoc.service import ensure_first_version, parsed
from socialguard.policydoc.tables import PolicyPublication, PolicyVersion

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InForce:
    pack: PolicyPack
    version_id: int
    number: int
    publication_id: int


def load(database: Database) -> InForce | None:
    """The latest publication's pack, parsed (None before anything was published)."""
    with database.session() as session:
        row = session.execute(
            select(PolicyPublication.id, PolicyVersion.id, PolicyVersion.number,
                   PolicyVersion.yaml_text, PolicyVersion.sha256)
            .join(PolicyVersion, PolicyVersion.id == PolicyPublication.version_id)
            .order_by(PolicyPublication.id.desc()).limit(1)).first()
    if row is None:
        return None
    publication_id, version_id, number, yaml_text, digest = row
    pack = parsed(yaml_text, digest=digest, number=number)
    return InForce(pack=pack, version_id=version_id, number=number,
                   publication_id=publication_id)


class PolicyInForce:
    """The published pack for this process, looked up again every ``refresh_s`` seconds."""

    def __init__(self, database: Database, first: InForce, *, refresh_s: float) -> None:
        self._database = database
        self._refresh_s = refresh_s
        self._lock = threading.Lock()
        self._current = first
        self._checked_at = time.monotonic()

    @property
    def current(self) -> InForce:
        return self._current

    @property
    def pack(self) -> PolicyPack:
        return self._current.pack

    def stale(self) -> bool:
        return time.monotonic() - self._checked_at >= self._refresh_s

    def refresh(self) -> InForce:
        """Look again now: a new publication replaces the pack; a database that cannot be
        reached or a version that no longer parses keeps the pack in force (and is logged)."""
        with self._lock:
            if not self.stale():
                return self._current
            self._checked_at = time.monotonic()
            try:
                with self._database.session() as session:
                    latest = session.scalar(select(PolicyPublication.id)
                                            .order_by(PolicyPublication.id.desc()).limit(1))
                if latest is not None and latest != self._current.publication_id:
                    found = load(self._database)
                    if found is not None:
                        log.info("policy: version %d in force (publication %d)",
                                 found.number, found.publication_id)
                        self._current = found
            except (SQLAlchemyError, PackError) as exc:
                log.error("policy: kept version %d; could not load the latest (%s)",
                          self._current.number, type(exc).__name__)
            return self._current

    def fresh(self) -> PolicyPack:
        """The pack, looked up again first if it is older than ``refresh_s``."""
        return (self.refresh() if self.stale() else self._current).pack


def policy_in_force(database: Database, *, refresh_s: float) -> PolicyInForce:
    """Record and publish the deployment's pack as version 1 if nothing is published yet
    (``$SOCIALGUARD_PACK`` or the bundled pack), then follow the database."""
    with database.session() as session:
        ensure_first_version(session)
    first = load(database)
    if first is None:  # pragma: no cover - ensure_first_version just published one
        raise RuntimeError("no policy version is in force")
    return PolicyInForce(database, first, refresh_s=refresh_s)
