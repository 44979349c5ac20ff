"""A demo organisation for the embedded default: a team with one user per role, official
accounts with activity, an inbox of typical messages, approval requests and the policy's
first version, so every page has something to show on a fresh machine.

Everything goes through the same services the pages use (so it is audited like real work)
and nothing is seeded twice: ``seed`` does nothing once the demo team exists. The demo
users share one password, generated and printed once; they are for trying the app on a
laptop, and ``socialguard demo`` refuses to run when ``SOCIALGUARD_ENVIRONMENT`` says
production and a non-SQLite database is configured.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from socialguard.accounts import service as accounts
from socialguard.accounts.importers.base import Activity
from socialguard.accounts.models import Post
from socialguard.accounts.schemas import AccountCreate
from socialguard.accounts.tables import ApprovalState
from socialguard.api.schemas import InboundMessage
from socialguard.approvals import service as approvals
from socialguard.approvals.schemas import Kind
from socialguard.auth import service as users
from socialguard.auth.models import User
from socialguard.auth.passwords import generate_password
from socialguard.auth.roles import Role
from socialguard.auth.schemas import UserCreate
from socialguard.inbox import service as inbox
from socialguard.policy.schema import PolicyPack
from socialguard.policydoc import service as policydoc

DOMAIN = "demo.localhost"
TEAM: dict[Role, str] = {
    Role.STAFF: "Sam Patel (staff nurse)",
    Role.MANAGER: "Morgan Lee (line manager)",
    Role.COMMS: "Casey Jones (Communications and Engagement)",
    Role.HR: "Harper Evans (Human Resources)",
    Role.SAFEGUARDING: "Sky Ahmed (Safeguarding lead)",
    Role.FOI: "Frankie Wood (FOI team)",
    Role.IG: "Indy Clarke (Information Governance)",
    Role.ADMIN: "Alex Rowe (Director, administrator)",
}


@dataclass
class Seeded:
    password: str | None = None
    users: list[str] = field(default_factory=list)
    accounts: int = 0
    messages: int = 0
    approvals: int = 0

    @property
    def created(self) -> bool:
        return self.password is not None


def demo_email(role: Role) -> str:
    return f"{role.value}@{DOMAIN}"


def seed(session: Session, *, pack: PolicyPack, today: date | None = None) -> Seeded:
    """Seed the demo organisation once; a second call returns an empty ``Seeded``."""
    if users.find_user(session, email=demo_email(Role.ADMIN)) is not None:
        return Seeded()
    today = today or datetime.now(UTC).date()
    result = Seeded(password=generate_password())
    team = {role: users.create_user(session, data=UserCreate(
        email=demo_email(role), name=name, roles=[role], password=result.password))
        for role, name in TEAM.items()}
    result.users = [u.email for u in team.values()]
    result.accounts = _accounts(session, team=team, pack=pack, today=today)
    result.messages = _inbox(session, team=team, pack=pack, today=today)
    result.approvals = _approvals(session, team=team)
    policydoc.ensure_first_version(session)
    return result


# -- official accounts ------------------------------------------------------------------

def _weekly(today: date, *, weeks: int, per_week: int, stop_weeks_ago: int = 0) -> list[Post]:
    posts = []
    for week in range(stop_weeks_ago, weeks):
        for n in range(per_week):
            day = today - timedelta(weeks=week, days=n)
            posts.append(Post(at=datetime.combine(day, time(9, 30), UTC), original=True))
    return posts


def _followers(today: date, start: int, gain: int, weeks: int) -> list[tuple[date, int]]:
    return [(today - timedelta(weeks=w), start + gain * (weeks - w)) for w in range(weeks, -1, -1)]


def _accounts(session: Session, *, team: dict[Role, User], pack: PolicyPack,
              today: date) -> int:
    comms, director = team[Role.COMMS], team[Role.ADMIN]
    case = {"objectives_kpis": "Reach 5,000 local followers; 2% engagement per post",
            "content_plan": "Three posts a week: services, campaigns, recruitment",
            "user_need": "Residents ask where to get care out of hours",
            "resourcing": "Two comms officers on a rota", "checked_several_times_daily": True,
            "not_internal": True}
    rows = [
        # (data, activity, approve?)
        (AccountCreate(platform="x", handle="@NHSSTW_Demo", owner="Communications and "
                       "Engagement", programme="Corporate", created_at=date(2022, 4, 1),
                       **case),
         _weekly(today, weeks=20, per_week=3), _followers(today, 4200, 40, 20), True),
        (AccountCreate(platform="facebook", handle="STW Healthy Hearts", owner="Cardiac "
                       "programme", programme="Healthy Hearts", created_at=date(2024, 1, 15),
                       **case),
         _weekly(today, weeks=20, per_week=1, stop_weeks_ago=9), _followers(today, 300, 2, 20),
         True),
        (AccountCreate(platform="instagram", handle="@stw_winter_vax", owner="Vaccination "
                       "programme", programme="Winter vaccination 2025",
                       programme_status="closed", created_at=date(2025, 9, 1), **case),
         _weekly(today, weeks=20, per_week=2, stop_weeks_ago=6), _followers(today, 150, 5, 20),
         True),
        (AccountCreate(platform="youtube", handle="@STWTraining", owner="Workforce team",
                       programme="Training videos", created_at=date(2026, 6, 1)),
         [], [], False),
    ]
    for data, posts, followers, approve in rows:
        account = accounts.create_account(session, data=data, actor=comms)
        accounts.apply_activity(session, account=account,
                                activity=Activity(platform=data.platform, posts=posts,
                                                  followers=followers),
                                fmt="demo", files=[], actor=comms)
        if approve:
            accounts.transition(session, account=account, to=ApprovalState.SUBMITTED,
                                actor=comms)
            accounts.transition(session, account=account, to=ApprovalState.COMMS_APPROVED,
                                actor=comms)
            accounts.transition(session, account=account,
                                to=ApprovalState.DIRECTOR_APPROVED, actor=director)
    accounts.audit_all(session, as_of=today, criteria=pack.closure_criteria, actor=director)
    return len(rows)


# -- inbox ------------------------------------------------------------------------------

MESSAGES: tuple[tuple[str, str, str], ...] = (
    ("x", "Jane Smith", "Under the Freedom of Information Act 2000 please send me the number "
     "of agency nurses the ICB paid for in each month of 2025, and the total cost."),
    ("facebook", "", "my neighbour has just told me he has taken all his tablets and wants to "
     "end it, he is alone in the flat. what do I do"),
    ("x", "Priya Shah", "Hi, I'm a reporter at the Shropshire Star. We're running a story on "
     "ambulance handover delays - could your press office give us a comment by 4pm?"),
    ("instagram", "", "That receptionist at the Telford hub is a useless cow, someone should "
     "sort her out"),
    ("x", "", "The vaccine has microchips in it and the ICB knows, wake up people"),
    ("facebook", "Tom Brown", "Thank you to the district nurses who looked after my dad last "
     "month, you were wonderful."),
    ("x", "", "Selling cheap followers and verified badges, DM me now!!! bit.ly/xx"),
)


def _inbox(session: Session, *, team: dict[Role, User], pack: PolicyPack, today: date) -> int:
    received = datetime.combine(today - timedelta(days=2), time(10, 15), UTC)
    messages = [InboundMessage(id=f"demo-{n}", text=text, platform=platform,
                               author={"name": name or None},
                               received_at=received + timedelta(minutes=7 * n))
                for n, (platform, name, text) in enumerate(MESSAGES, start=1)]
    # Notices (e-mails) are the caller's to send; the demo sends none.
    return len(inbox.ingest(session, messages=messages, user=team[Role.COMMS],
                            pack=pack).messages)


# -- approvals --------------------------------------------------------------------------

CAPTIONS = ("WEBVTT\n\n00:00:00.000 --> 00:00:30.000\nWelcome to the new Telford health hub.\n\n"
            "00:00:30.000 --> 00:01:00.000\nBook through the NHS App or call 111.\n")


def _approvals(session: Session, *, team: dict[Role, User]) -> int:
    staff, manager = team[Role.STAFF], team[Role.MANAGER]
    approvals.create(session, actor=staff, kind=Kind.VIDEO, title="Tour of the Telford hub",
                     summary="A one-minute walk round the new hub for patients.",
                     details={"duration_s": 60, "channel": "corporate-youtube",
                              "branded": True, "labelled": True, "tagged": True,
                              "people": [{"description": "Reception team member",
                                          "age_group": "adult", "consent": "written",
                                          "record": "CF-2026-114"}]},
                     captions_name="hub-tour.vtt", captions_text=CAPTIONS, submit=True)
    approvals.create(session, actor=manager, kind=Kind.BLOG, title="A week on the wards",
                     summary="A ward manager's blog about winter pressures.",
                     details={"where": "The ICB website", "discussed_with_comms": True},
                     submit=True)
    approvals.create(session, actor=manager, kind=Kind.COLLABORATION,
                     title="Primary care digital forum",
                     summary="A space for practice managers and suppliers.",
                     details={"tool": "Microsoft Teams", "participants": "Practice managers "
                              "and two suppliers", "closed_environment": True,
                              "secure_login": True})
    return 3
