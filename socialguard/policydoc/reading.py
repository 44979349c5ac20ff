"""What a member of staff reads before acknowledging the policy (issue 15, item 3).

* :func:`blocks` turns a section's text (paragraphs and ``- `` bullets, see ``Section``)
  into blocks the page renders, every character escaped;
* :func:`compare` says what changed between two versions of the pack: sections added,
  removed or reworded (word by word), rules and inbound labels added, removed or changed,
  named by their titles and said in plain words, and disclaimers reworded;
* :func:`last_acknowledged` finds the latest version a user acknowledged, so /policy can
  show what changed since then.

All but :func:`last_acknowledged` are pure functions of their arguments.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialguard.auth.models import User
from socialguard.policy.schema import PolicyPack, Rule, Section, TriageLabel
from socialguard.policydoc.tables import PolicyAcknowledgement, PolicyVersion

BlockKind = Literal["paragraph", "list"]
PieceKind = Literal["same", "added", "removed"]
Change = Literal["added", "removed", "changed"]

# Below this share of words in common, a word-by-word diff of two passages is noise:
# they are shown as one passage removed and another added.
MIN_SIMILARITY = 0.4


# -- section text as blocks ----------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    items: tuple[str, ...]  # a paragraph has one; a list one per bullet


def _units(text: str) -> list[tuple[str, str]]:
    """The text as ("paragraph" | "item", words) units, in order (see ``Section``)."""
    units: list[tuple[str, str]] = []
    open_unit = False  # the previous line belongs to a unit a plain line may continue
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            open_unit = False
        elif line.startswith("- ") or line == "-":
            units.append(("item", line[2:].strip()))
            open_unit = True
        elif open_unit:
            kind, words = units[-1]
            units[-1] = (kind, f"{words} {line}")
        else:
            units.append(("paragraph", line))
            open_unit = True
    return units


def blocks(text: str) -> list[Block]:
    """Paragraphs, and bullet items grouped into lists (blank lines between items allowed)."""
    out: list[Block] = []
    for kind, words in _units(text):
        if kind == "item" and out and out[-1].kind == "list":
            out[-1] = Block("list", (*out[-1].items, words))
        else:
            out.append(Block("list" if kind == "item" else "paragraph", (words,)))
    return out


# -- word-level differences ----------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    kind: PieceKind
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """``old`` against ``new`` word by word: runs of words kept, removed and added, each
    run's words joined by one space (the page puts one space between runs)."""
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    pieces: list[Piece] = []

    def add(kind: PieceKind, words: list[str]) -> None:
        if not words:
            return
        text = " ".join(words)
        if pieces and pieces[-1].kind == kind:
            pieces[-1] = Piece(kind, f"{pieces[-1].text} {text}")
        else:
            pieces.append(Piece(kind, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("same", b[j1:j2])
        else:
            add("removed", a[i1:i2])
            add("added", b[j1:j2])
    return pieces


def _similar(old: str, new: str) -> bool:
    return difflib.SequenceMatcher(a=old.split(), b=new.split(),
                                   autojunk=False).ratio() >= MIN_SIMILARITY


@dataclass(frozen=True)
class Entry:
    """One paragraph or bullet of a changed section: reworded, added or removed whole."""

    change: Change
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Group:
    """What the page writes as one element: a paragraph, a list of bullets, or a note that
    ``skipped`` unchanged paragraphs or bullets are not repeated."""

    kind: Literal["paragraph", "list", "skipped"]
    entries: tuple[Entry, ...] = ()
    skipped: int = 0


def _whole(change: Change, words: str) -> Entry:
    return Entry(change, (Piece("added" if change == "added" else "removed", words),))


def text_diff(old: str, new: str) -> list[Group]:
    """The changed paragraphs and bullets of a section, each word by word where it was
    reworded; runs of unchanged ones become one ``skipped`` group."""
    a, b = _units(old), _units(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    flat: list[tuple[str, Entry] | int] = []  # (unit kind, entry) or a count of unchanged
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            flat.append(i2 - i1)
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for n in range(max(len(olds), len(news))):
            was = olds[n] if n < len(olds) else None
            now = news[n] if n < len(news) else None
            if was and now and was[0] == now[0] and _similar(was[1], now[1]):
                flat.append((now[0], Entry("changed", tuple(word_diff(was[1], now[1])))))
                continue
            if was:
                flat.append((was[0], _whole("removed", was[1])))
            if now:
                flat.append((now[0], _whole("added", now[1])))
    groups: list[Group] = []
    for unit in flat:
        if isinstance(unit, int):
            groups.append(Group("skipped", skipped=unit))
        elif unit[0] == "item" and groups and groups[-1].kind == "list":
            groups[-1] = Group("list", (*groups[-1].entries, unit[1]))
        else:
            groups.append(Group("list" if unit[0] == "item" else "paragraph", (unit[1],)))
    return groups


# -- comparing two versions ----------------------------------------------------------------


@dataclass(frozen=True)
class SectionChange:
    number: str
    title: str  # as the newer version has it (the older one, for a removed section)
    change: Change
    old_title: str | None = None  # set when the title itself changed
    text: tuple[Group, ...] = ()  # the whole text when added or removed, else what changed


# How the page names each severity, in the words the check page uses for its decision.
SEVERITY_WORDS = {
    "block": "block (do not publish as written)",
    "warn": "warn (change something or take an action before publishing)",
    "advise": "advise (you can publish, after reading the guidance)",
}


@dataclass(frozen=True)
class Wording:
    label: str  # "What it says", "What to do"
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class RuleChange:
    """A rule (or inbound-message label) added, removed or changed, for people to read."""

    key: str  # the rule id: for links on the page, never shown as its name
    title: str
    change: Change
    inbound: bool = False
    what: tuple[str, ...] = ()  # plain sentences: "Severity: now warn (...), was block (...)."
    wording: tuple[Wording, ...] = ()


@dataclass(frozen=True)
class DisclaimerChange:
    key: str
    change: Change
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Changes:
    sections: list[SectionChange] = field(default_factory=list)
    rules: list[RuleChange] = field(default_factory=list)
    disclaimers: list[DisclaimerChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.sections or self.rules or self.disclaimers)


def _section_change(old: Section | None, new: Section | None) -> SectionChange | None:
    if new is None and old is not None:
        return SectionChange(old.number, old.title, "removed",
                             text=tuple(text_diff(old.text, "")))
    if old is None and new is not None:
        return SectionChange(new.number, new.title, "added", text=tuple(text_diff("", new.text)))
    assert old is not None and new is not None
    if old.title == new.title and old.text == new.text:
        return None  # a summary is the pack's own gloss, not the policy's wording
    return SectionChange(new.number, new.title, "changed",
                         old_title=old.title if old.title != new.title else None,
                         text=tuple(text_diff(old.text, new.text)) if old.text != new.text
                         else ())


def compare_sections(old: PolicyPack, new: PolicyPack) -> list[SectionChange]:
    """Sections added, removed or reworded, in the newer version's order (removed ones
    where they stood in the older)."""
    before = {s.number: s for s in old.sections}
    after = {s.number: s for s in new.sections}
    order = [s.number for s in new.sections]
    for n, section in enumerate(old.sections):
        if section.number not in after:
            previous = old.sections[n - 1].number if n else None
            at = order.index(previous) + 1 if previous in order else 0
            order.insert(at, section.number)
    found = (_section_change(before.get(number), after.get(number)) for number in order)
    return [change for change in found if change is not None]


def _severity(rule: Rule) -> str:
    return SEVERITY_WORDS.get(rule.severity, str(rule.severity))


def _wording(label: str, old: str, new: str) -> list[Wording]:
    return [Wording(label, tuple(word_diff(old, new)))] if old != new else []


def _rule_change(key: str, old: Rule, new: Rule) -> RuleChange | None:
    what: list[str] = []
    if old.enabled != new.enabled:
        what.append("Switched on: drafts are checked for this again." if new.enabled
                    else "Switched off: drafts are no longer checked for this.")
    if old.severity != new.severity:
        what.append(f"Severity: now {_severity(new)}; it was {_severity(old)}.")
    if old.title != new.title:
        what.append(f"Renamed: it was called “{old.title}”.")
    if old.section != new.section:
        what.append(f"Now cites section {new.section} (it cited {old.section}).")
    if old.fix.contacts != new.fix.contacts or old.fix.disclaimer != new.fix.disclaimer:
        what.append("Who to contact, or the disclaimer to add, changed.")
    if old.examples != new.examples:
        what.append("Its examples changed.")
    wording = [*_wording("What it says", old.message, new.message),
               *_wording("What to do", old.fix.advice, new.fix.advice)]
    if not what and not wording and old != new:
        what.append("How it is checked changed.")
    if not what and not wording:
        return None
    return RuleChange(key, new.title, "changed", what=tuple(what), wording=tuple(wording))


def _label_change(key: str, old: TriageLabel, new: TriageLabel,
                  teams: dict[str, str]) -> RuleChange | None:
    what: list[str] = []
    if old.enabled != new.enabled:
        what.append("Switched on: messages are labelled this again." if new.enabled
                    else "Switched off: messages are no longer labelled this.")
    if old.title != new.title:
        what.append(f"Renamed: it was called “{old.title}”.")
    if old.team != new.team:
        what.append(f"Now goes to {teams.get(new.team, new.team)} "
                    f"(it went to {teams.get(old.team, old.team)}).")
    if old.urgency != new.urgency:
        what.append(f"Urgency: now {new.urgency} (it was {old.urgency}).")
    if old.section != new.section:
        what.append(f"Now cites section {new.section} (it cited {old.section}).")
    wording = [*_wording("What to do", old.instruction, new.instruction),
               *_wording("When unsure", old.uncertain_instruction or "",
                         new.uncertain_instruction or "")]
    if not what and not wording:
        return None
    return RuleChange(key, new.title, "changed", inbound=True, what=tuple(what),
                      wording=tuple(wording))


def compare_rules(old: PolicyPack, new: PolicyPack) -> list[RuleChange]:
    """Rules, then inbound-message labels, added, removed or changed, named by title."""
    out: list[RuleChange] = []
    for key, rule in new.rules.items():
        if key not in old.rules:
            state = "" if rule.enabled else " Switched off for now."
            out.append(RuleChange(key, rule.title, "added",
                                  what=(f"Severity: {_severity(rule)}.{state}",)))
        elif (changed := _rule_change(key, old.rules[key], rule)) is not None:
            out.append(changed)
    out += [RuleChange(key, rule.title, "removed",
                       what=("Drafts are no longer checked for this.",))
            for key, rule in old.rules.items() if key not in new.rules]
    teams = {key: team.name for key, team in new.teams.items()}
    for key, label in new.triage.items():
        if key not in old.triage:
            out.append(RuleChange(key, label.title, "added", inbound=True,
                                  what=(f"Goes to {teams.get(label.team, label.team)}.",)))
        elif (changed := _label_change(key, old.triage[key], label, teams)) is not None:
            out.append(changed)
    out += [RuleChange(key, label.title, "removed", inbound=True,
                       what=("Messages are no longer labelled this.",))
            for key, label in old.triage.items() if key not in new.triage]
    return out


def compare_disclaimers(old: PolicyPack, new: PolicyPack) -> list[DisclaimerChange]:
    out: list[DisclaimerChange] = []
    for key in [*new.disclaimers, *(k for k in old.disclaimers if k not in new.disclaimers)]:
        was, now = old.disclaimers.get(key), new.disclaimers.get(key)
        if was == now:
            continue
        change: Change = "added" if was is None else "removed" if now is None else "changed"
        out.append(DisclaimerChange(key, change, tuple(word_diff(was or "", now or ""))))
    return out


def compare(old: PolicyPack, new: PolicyPack) -> Changes:
    """What a reader of ``old`` needs to know about ``new``."""
    return Changes(sections=compare_sections(old, new), rules=compare_rules(old, new),
                   disclaimers=compare_disclaimers(old, new))


# -- the reader's last acknowledgement -----------------------------------------------------


@dataclass(frozen=True)
class Acknowledged:
    version: PolicyVersion
    at: datetime


def last_acknowledged(session: Session, user: User) -> Acknowledged | None:
    """The highest-numbered version ``user`` acknowledged, and when (None if never)."""
    row = session.execute(
        select(PolicyVersion, PolicyAcknowledgement.at)
        .join(PolicyAcknowledgement, PolicyAcknowledgement.version_id == PolicyVersion.id)
        .where(PolicyAcknowledgement.user_id == user.id)
        .order_by(PolicyVersion.number.desc()).limit(1)).first()
    return Acknowledged(version=row[0], at=row[1]) if row is not None else None
