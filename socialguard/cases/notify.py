"""E-mail notifications over SMTP when a case is raised or assigned.

Settings come from the environment, read when a notice is sent:

- ``SOCIALGUARD_SMTP_HOST`` (unset: notifications are off and only logged),
  ``SOCIALGUARD_SMTP_PORT`` (default 25), ``SOCIALGUARD_SMTP_FROM``
  (default ``socialguard@localhost``), ``SOCIALGUARD_SMTP_STARTTLS`` (``true`` to
  upgrade the connection), ``SOCIALGUARD_SMTP_USER`` / ``SOCIALGUARD_SMTP_PASSWORD``
  (or ``SOCIALGUARD_SMTP_PASSWORD_FILE``), all fields of ``socialguard.settings.Settings``;
- team addresses: the ``email`` of each team in the policy pack, overridden by
  ``SOCIALGUARD_TEAM_EMAILS`` (``team=address`` pairs separated by commas or
  semicolons, e.g. ``safeguarding=sg@nhs.net,hr=hr@nhs.net``).

A mail carries the case reference, kind, urgency and title, never the message text:
the details stay behind the sign-in.
"""

from __future__ import annotations

import logging
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
        """From the one settings class, read when a notice is sent."""
        from socialguard.settings import Settings

        settings = Settings()
        return cls(host=settings.smtp_host or None, port=settings.smtp_port,
                   sender=settings.smtp_from, starttls=settings.smtp_starttls,
                   user=settings.smtp_user or None, password=settings.smtp_secret,
                   team_emails=parse_team_emails(settings.team_emails))


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
    teams: tuple[str, ...] = ()  # whom it was for, to say so when no address is known


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
    notices = list(notices)
    for notice in notices:
        if not notice.to:
            # Loud on purpose: a raised case (999 ones included) that tells nobody.
            log.error("NOT SENT, no e-mail address for team %s: %s (set the team's email in "
                      "the policy pack or SOCIALGUARD_TEAM_EMAILS)",
                      ", ".join(notice.teams) or "?", notice.subject)
    pending = [n for n in notices if n.to]
    if not pending:
        return 0
    if settings.host is None:
        for notice in pending:
            log.warning("NOT SENT, SMTP is not configured (SOCIALGUARD_SMTP_HOST): to %s: %s",
                        ", ".join(notice.to), notice.subject)
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


def delivery_problems(pack: PolicyPack, settings: SmtpSettings,
                      kind_teams: dict[str, tuple[str, ...]]) -> list[str]:
    """Why some case notices would reach nobody, in words for the administrator's page.
    ``kind_teams``: each kind of case (as people name it) and the teams told about it."""
    problems = []
    if settings.host is None:
        problems.append("E-mail is not configured (SOCIALGUARD_SMTP_HOST), so no case "
                        "notices are sent: teams see new cases only in SocialGuard.")
    for kind, teams in kind_teams.items():
        if not team_addresses(teams, pack, settings):
            names = " or ".join(pack.teams[t].name if t in pack.teams else t for t in teams)
            problems.append(f"No e-mail address for {names}: a new {kind} case notifies "
                            "nobody. Set it in the policy pack or in SOCIALGUARD_TEAM_EMAILS.")
    return problems
