"""E-mail notifications over SMTP when a case is raised or assigned.

Settings come from the environment, read when a notice is sent:

- ``SOCIALGUARD_SMTP_HOST`` (unset: notifications are off and only logged),
  ``SOCIALGUARD_SMTP_PORT`` (default 25), ``SOCIALGUARD_SMTP_FROM``
  (default ``socialguard@localhost``), ``SOCIALGUARD_SMTP_STARTTLS`` (``true`` to
  upgrade the connection), ``SOCIALGUARD_SMTP_USER`` / ``SOCIALGUARD_SMTP_PASSWORD``;
- team addresses: the ``email`` of each team in the policy pack, overridden by
  ``SOCIALGUARD_TEAM_EMAILS`` (``team=address`` pairs separated by commas or
  semicolons, e.g. ``safeguarding=sg@nhs.net,hr=hr@nhs.net``).

A mail carries the case reference, kind, urgency and title, never the message text:
the details stay behind the sign-in.
"""

from __future__ import annotations

import logging
import os
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage

from socialguard.policy.schema import PolicyPack

log = logging.getLogger("socialguard.cases.notify")


@dataclass(frozen=True)
class SmtpSettings:
    host: str | None
    port: int
    sender: str
    starttls: bool = False
    user: str | None = None
    password: str | None = None
    team_emails: dict[str, str] | None = None

    @classmethod
    def from_env(cls) -> SmtpSettings:
        env = os.environ
        return cls(host=env.get("SOCIALGUARD_SMTP_HOST") or None,
                   port=int(env.get("SOCIALGUARD_SMTP_PORT") or 25),
                   sender=env.get("SOCIALGUARD_SMTP_FROM") or "socialguard@localhost",
                   starttls=(env.get("SOCIALGUARD_SMTP_STARTTLS") or "").lower()
                   in ("1", "true", "yes"),
                   user=env.get("SOCIALGUARD_SMTP_USER") or None,
                   password=env.get("SOCIALGUARD_SMTP_PASSWORD") or None,
                   team_emails=parse_team_emails(env.get("SOCIALGUARD_TEAM_EMAILS", "")))


def parse_team_emails(value: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for part in value.replace(";", ",").split(","):
        team, sep, address = part.partition("=")
        if sep and team.strip() and "@" in address:
            pairs[team.strip()] = address.strip()
    return pairs


@dataclass(frozen=True)
class Notice:
    to: tuple[str, ...]
    subject: str
    body: str


def team_addresses(teams: Iterable[str], pack: PolicyPack | None,
                   settings: SmtpSettings) -> list[str]:
    out: list[str] = []
    for team in teams:
        address = (settings.team_emails or {}).get(team)
        if address is None and pack is not None and team in pack.teams:
            address = pack.teams[team].email
        if address and address not in out:
            out.append(address)
    return out


def send(notices: Iterable[Notice], settings: SmtpSettings | None = None) -> int:
    """Deliver the notices; returns how many were accepted. A mail server that is down
    is logged, never turned into an error for the person who raised the case."""
    settings = settings or SmtpSettings.from_env()
    pending = [n for n in notices if n.to]
    if not pending:
        return 0
    if settings.host is None:
        for notice in pending:
            log.info("SMTP not configured; not sent to %s: %s", ", ".join(notice.to),
                     notice.subject)
        return 0
    sent = 0
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=10) as smtp:
            if settings.starttls:
                smtp.starttls()
            if settings.user and settings.password:
                smtp.login(settings.user, settings.password)
            for notice in pending:
                message = EmailMessage()
                message["From"] = settings.sender
                message["To"] = ", ".join(notice.to)
                message["Subject"] = notice.subject
                message.set_content(notice.body)
                smtp.send_message(message)
                sent += 1
    except (smtplib.SMTPException, OSError) as exc:
        log.error("case notification failed after %d of %d mails: %s", sent, len(pending), exc)
    return sent
