"""The policy pack as a form: the fields a policy owner edits in the browser, read from a
version's YAML and written back into it.

The YAML is edited round trip with ``ruamel.yaml``: only the values the owner changed are
replaced, so the comments, the order, the quoting and the layout of everything else stay
as they were and the diff between versions shows just the change. The result is read back
with the loader every check uses (PyYAML, YAML 1.1) and compared with what was meant, so a
value YAML 1.1 would misread ("no", "on", "{organisation}") is written quoted.

Form fields are named by their place in the pack (``rules.conduct.abusive.severity``), the
same path a ``PackError`` names, so a refusal points at the field that caused it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

from socialguard.policy import safe_yaml
from socialguard.policy.lexicons import bundled_lexicons
from socialguard.policy.schema import ClosureCriteria
from socialguard.verdict import Severity, Urgency

SEVERITIES = tuple(s.value for s in Severity)
URGENCIES = tuple(u.value for u in Urgency)
TRIAGE_FIELDS = ("title", "team", "urgency", "instruction", "uncertain_instruction")
TEAM_FIELDS = (("name", "Name"), ("email", "E-mail address"), ("phone", "Phone"),
               ("url", "Web address"), ("note", "Note"))
CLOSURE = (("inactivity_months", "No posts for this many months", "1"),
           ("frequency_window_months", "Posting frequency is judged over this many months", "1"),
           ("frequency_min_posts_per_week", "Fewest posts a week over that window", "any"),
           ("interest_min_age_months", "Followers are judged once the account is this many "
                                       "months old", "1"),
           ("interest_min_followers", "Fewest followers by then", "1"))
PARTNER_FIELDS = ("name", "aliases", "kind", "consent.given_on", "consent.scope",
                  "consent.expires_on")
MAX_NEW_PARTNERS = 5
MAX_NEW_TEAMS = 3
NEW_TEAM_FIELDS = ("key", *(f for f, _ in TEAM_FIELDS))
# A team key is written into YAML and typed into other fields (a rule's contacts, a triage
# label's team): plain lower-case words only, starting with a letter.
TEAM_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
# The form's sections (ids "s-<key>"): a problem no single field holds links to its section.
SECTIONS = ("pack_version", "organisation", "disclaimers", "disclaimer_short_forms", "teams",
            "rules", "triage", "partners", "closure_criteria", "lexicons")
_PROBLEM_START = re.compile(r"; (?=[A-Za-z_][\w.\-]*: )")


@dataclass(frozen=True)
class RuleRow:
    id: str
    title: str
    section: str


@dataclass(frozen=True)
class TriageRow:
    id: str
    title: str
    section: str
    uncertain: bool  # the label has an instruction for when the model is unsure


@dataclass(frozen=True)
class LexiconRow:
    name: str
    description: str
    size: int


@dataclass(frozen=True)
class Layout:
    """What the form holds for one base version: its disclaimers, teams, rules by area,
    triage labels, partners, and every lexicon a pack may extend."""

    disclaimers: list[str]
    teams: list[str]
    areas: list[tuple[str, list[RuleRow]]]
    triage: list[TriageRow]
    partners: int
    lexicons: list[LexiconRow]


@dataclass(frozen=True)
class Problem:
    field: str | None  # the form field at fault, when there is one
    anchor: str  # the id the error summary links to
    message: str


@dataclass
class Edited:
    text: str = ""
    problems: list[Problem] = field(default_factory=list)
    partner_rows: list[int] = field(default_factory=list)  # pack index -> form row
    team_rows: dict[str, int] = field(default_factory=dict)  # new team's key -> form row


def field_id(name: str) -> str:
    """An HTML id for a field (rule ids hold dots, which CSS selectors would misread)."""
    return "f-" + name.replace(".", "__")


# -- reading ---------------------------------------------------------------------------------


def _yaml(text: str) -> YAML:
    _, sequence, offset = load_yaml_guess_indent(text)
    mapping = next((len(m.group(1)) for m in re.finditer(r"^[^\s#-][^\n]*:[ \t]*\n( +)[^\s#-]",
                                                        text, re.M)), 2)
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096  # never fold a long line that was not folded
    rt.indent(mapping=mapping, sequence=sequence or mapping, offset=offset or 0)
    return rt


class NotEditable(ValueError):
    """A version the form cannot edit faithfully (its YAML must be uploaded instead)."""


def _load(text: str) -> tuple[YAML, CommentedMap]:
    try:
        rt = _yaml(text)
        data = rt.load(text)
    except RuamelError as exc:  # read by PyYAML when it was recorded, not by ruamel
        raise NotEditable(f"its YAML cannot be read for editing ({exc})") from exc
    if not isinstance(data, CommentedMap):
        raise NotEditable("the pack is not a YAML mapping")
    return rt, data


def _map(node: Any) -> dict[str, Any]:
    return node if isinstance(node, dict) else {}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return value.isoformat() if isinstance(value, date) else str(value)


def layout(yaml_text: str) -> Layout:
    _, data = _load(yaml_text)
    areas: dict[str, list[RuleRow]] = {}
    for rule_id, rule in _map(data.get("rules")).items():
        areas.setdefault(str(rule_id).split(".")[0], []).append(
            RuleRow(str(rule_id), str(_map(rule).get("title", "")),
                    str(_map(rule).get("section", ""))))
    triage = [TriageRow(str(label_id), str(_map(label).get("title", "")),
                        str(_map(label).get("section", "")),
                        "uncertain_instruction" in _map(label))
              for label_id, label in _map(data.get("triage")).items()]
    lexicons = [LexiconRow(name, lex.description, len(lex.phrases))
                for name, lex in sorted(bundled_lexicons().items())]
    return Layout(disclaimers=[str(k) for k in _map(data.get("disclaimers"))],
                  teams=[str(k) for k in _map(data.get("teams"))], areas=list(areas.items()),
                  triage=triage, partners=len(data.get("partners") or []), lexicons=lexicons)


def team_choices(layout: Layout, values: dict[str, str]) -> list[tuple[str, str]]:
    """(key, name) of every team a triage label may go to: the base version's and those
    being added in this form (shown again after a refusal, so a choice of one is kept)."""
    chosen = [(k, values.get(f"teams.{k}.name", "")) for k in layout.teams]
    for row in range(MAX_NEW_TEAMS):
        key = _line(values.get(f"new_teams.{row}.key", ""))
        if TEAM_KEY.fullmatch(key) and key not in dict(chosen):
            chosen.append((key, _line(values.get(f"new_teams.{row}.name", ""))))
    return chosen


def values_of(yaml_text: str) -> dict[str, str]:
    """Every form field's value in this version, as the form shows it."""
    _, data = _load(yaml_text)
    org = _map(data.get("organisation"))
    values = {"pack_version": _text(data.get("pack_version")),
              "organisation.name": _text(org.get("name")),
              "organisation.short_names": _text(org.get("short_names")),
              "organisation.places": _text(org.get("places"))}
    values |= {f"disclaimers.{k}": _text(v) for k, v in _map(data.get("disclaimers")).items()}
    shorts = _map(data.get("disclaimer_short_forms"))
    values |= {f"disclaimer_short_forms.{k}": _text(shorts.get(k))
               for k in [*_map(data.get("disclaimers")), *shorts]}
    for key, team in _map(data.get("teams")).items():
        values |= {f"teams.{key}.{f}": _text(_map(team).get(f)) for f, _ in TEAM_FIELDS}
    for rule_id, rule in _map(data.get("rules")).items():
        rule = _map(rule)
        for name in ("title", "message", "severity"):
            values[f"rules.{rule_id}.{name}"] = _text(rule.get(name))
        values[f"rules.{rule_id}.fix.advice"] = _text(_map(rule.get("fix")).get("advice"))
        if rule.get("enabled", True):
            values[f"rules.{rule_id}.enabled"] = "on"
    for label_id, label in _map(data.get("triage")).items():
        label = _map(label)
        values |= {f"triage.{label_id}.{name}": _text(label.get(name)) for name in TRIAGE_FIELDS
                   if name != "uncertain_instruction" or name in label}
        values[f"triage.{label_id}.urgency"] = _text(label.get("urgency", Urgency.NORMAL.value))
    for n, partner in enumerate(data.get("partners") or []):
        partner, consent = _map(partner), _map(_map(partner).get("consent"))
        values |= {f"partners.{n}.name": _text(partner.get("name")),
                   f"partners.{n}.aliases": _text(partner.get("aliases")),
                   f"partners.{n}.kind": _text(partner.get("kind", "partner"))}
        values |= {f"partners.{n}.consent.{k}": _text(consent.get(k))
                   for k in ("given_on", "scope", "expires_on")}
    closure = {**ClosureCriteria().model_dump(), **_map(data.get("closure_criteria"))}
    values |= {f"closure_criteria.{k}": _text(closure.get(k)) for k, _, _ in CLOSURE}
    for name, edit in _map(data.get("lexicons")).items():
        values |= {f"lexicons.{name}.{k}": _text(_map(edit).get(k)) for k in ("add", "remove")}
    return values


# -- comments that trail a block ---------------------------------------------------------------
# ruamel keeps the blank line (or comment) that follows a block on the block's last value.
# Appending after it, or deleting it, would move that blank line into the middle of the
# block; these carry it to whatever is last afterwards.


def _tail(node: Any) -> tuple[Any, Any, int] | None:
    if isinstance(node, CommentedMap) and len(node):
        key, slot = list(node)[-1], 2
    elif isinstance(node, CommentedSeq) and len(node):
        key, slot = len(node) - 1, 0
    else:
        return None
    entry = node.ca.items.get(key)
    if entry and entry[slot] is not None:
        return node, key, slot
    return _tail(node[key])


def _take_tail(node: Any) -> Any:
    found = _tail(node)
    if found is None:
        return None
    holder, key, slot = found
    token = holder.ca.items[key][slot]
    holder.ca.items[key][slot] = None
    return token


def _give_tail(node: Any, token: Any) -> None:
    if token is None:
        return
    while True:
        if isinstance(node, CommentedMap) and len(node):
            key, slot = list(node)[-1], 2
        elif isinstance(node, CommentedSeq) and len(node):
            key, slot = len(node) - 1, 0
        else:
            return
        value = node[key]
        if isinstance(value, CommentedMap | CommentedSeq) and len(value) and \
                not value.fa.flow_style():
            node = value
            continue
        node.ca.items.setdefault(key, [None, None, None, None])[slot] = token
        return


def _blank_line_before(parent: CommentedMap, key: str) -> None:
    parent.ca.items[key] = [None, [CommentToken("\n", CommentMark(0), None)], None, None]


# -- writing ---------------------------------------------------------------------------------


def _misread(value: str) -> bool:
    """Would the checks' YAML 1.1 loader read this plain scalar as something else?"""
    try:
        return bool(yaml.safe_load(value) != value)
    except Exception:  # a bad date raises ValueError, not a YAML error: quote it too
        return True


def _styled(value: Any, old: Any) -> Any:
    if not isinstance(value, str):
        return value
    if isinstance(old, ScalarString):
        return type(old)(value)  # keep the quoting the pack had
    return DoubleQuotedScalarString(value) if _misread(value) else value


def _shared_style(items: CommentedSeq) -> ScalarString | None:
    """An item of the list when every item is quoted the same way: a new item is written
    like them, not plain among quoted ones."""
    kinds = {type(item) for item in items}
    if len(kinds) == 1 and issubclass(first := next(iter(kinds)), ScalarString):
        return first("")  # type: ignore[no-any-return]
    return None


def _flow(items: Iterable[Any], like: Any = None) -> CommentedSeq:
    seq = CommentedSeq([_styled(v, like) for v in items])
    seq.fa.set_flow_style()
    return seq


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, int):
        return int(node)
    return node


def _same(old: Any, new: Any) -> bool:
    a, b = _plain(old), _plain(new)
    return bool(a == b) and type(a) is type(b)  # 1, 1.0 and True are equal, not the same


def _number(raw: str) -> Any:
    raw = raw.strip()
    if re.fullmatch(r"[+-]?\d+", raw):
        return int(raw)
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+)", raw):
        return float(raw)
    return raw  # not a number: the pack's validation names the field


def _day(raw: str) -> Any:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return raw.strip()


def _line(raw: str) -> str:
    """A one-line text field: line breaks typed into a text box become spaces."""
    return " ".join(raw.replace("\r", "\n").split("\n")).strip()


def _lines(raw: str) -> list[str]:
    return [line.strip() for line in raw.replace("\r", "\n").split("\n") if line.strip()]


class _Editor:
    def __init__(self, data: CommentedMap, values: dict[str, str]) -> None:
        self.data = data
        self.values = values
        self.problems: list[Problem] = []

    def need(self, name: str, what: str) -> str:
        value = _line(self.values.get(name, ""))
        if not value:
            self.problems.append(Problem(name, field_id(name), f"{name}: {what}"))
        return value

    def put(self, parent: CommentedMap, key: str, value: Any,
            order: tuple[str, ...] = ()) -> None:
        """Set ``key`` when its value changes; a new key goes where ``order`` puts it."""
        old = parent.get(key)
        if key in parent and _same(old, value):
            return
        if key in parent and isinstance(old, CommentedSeq) and isinstance(value, list):
            token = old.ca.items.pop(len(old) - 1, None) if len(old) else None
            styled = {str(item): item for item in old}  # an item kept keeps its quoting
            like = _shared_style(old)
            old.clear()
            old.extend(styled.get(v, _styled(v, like)) for v in value)
            old.ca.items.clear()
            if token is not None and len(old):
                old.ca.items[len(old) - 1] = token
            return
        if key in parent:
            parent[key] = _styled(value, old)
            return
        later = [k for k in order[order.index(key) + 1:] if k in parent] if key in order else []
        if later:
            parent.insert(list(parent).index(later[0]), key, _styled(value, None))
            return
        token = _take_tail(parent)
        parent[key] = _styled(value, None)
        _give_tail(parent, token)

    def drop(self, parent: CommentedMap, key: str) -> None:
        if key not in parent:
            return
        last = list(parent)[-1] == key
        token = _take_tail(parent) if last else None
        del parent[key]
        _give_tail(parent, token)

    def section(self, key: str) -> CommentedMap:
        found = self.data.get(key)
        if isinstance(found, CommentedMap):
            return found
        self.data[key] = CommentedMap()
        _blank_line_before(self.data, key)
        return self.data[key]  # type: ignore[no-any-return]


def apply(yaml_text: str, values: dict[str, str]) -> Edited:
    """The base version's YAML with the form's values in it (``problems`` when a field the
    pack cannot do without is empty)."""
    rt, data = _load(yaml_text)
    ed = _Editor(data, values)
    v = values.get
    ed.put(data, "pack_version", ed.need("pack_version", "give the pack a version"))
    org = data["organisation"]
    ed.put(org, "name", ed.need("organisation.name", "give the organisation's name"))
    for key in ("short_names", "places"):
        if f"organisation.{key}" in values or key in org:
            ed.put(org, key, _lines(v(f"organisation.{key}", "")),
                   ("name", "short_names", "generic_names", "website", "email_domains",
                    "corporate_channels", "places"))
    for key in list(_map(data.get("disclaimers"))):
        ed.put(data["disclaimers"], key, ed.need(f"disclaimers.{key}", "write the disclaimer"))
    _short_forms(ed)
    for key, team in _map(data.get("teams")).items():
        _team(ed, team, f"teams.{key}")
    team_rows = _new_teams(ed)
    _rules(ed)
    _triage(ed)
    partner_rows = _partners(ed)
    _closure(ed)
    _lexicons(ed)
    if ed.problems:
        return Edited(problems=ed.problems, partner_rows=partner_rows, team_rows=team_rows)
    out = io.StringIO()
    rt.dump(data, out)
    text = out.getvalue()
    if safe_yaml.load(text) != _plain(data):  # pragma: no cover - a writer fault, not input
        raise NotEditable("the edited pack would not read back as it was written")
    return Edited(text=text, partner_rows=partner_rows, team_rows=team_rows)


def _short_forms(ed: _Editor) -> None:
    """Each disclaimer's shorter forms, one a line. The pack tries them in order and wants
    them longest first, so they are put in that order rather than refused."""
    for key in [*_map(ed.data.get("disclaimers")), *_map(ed.data.get("disclaimer_short_forms"))]:
        name = f"disclaimer_short_forms.{key}"
        if name not in ed.values:
            continue  # not in the form: left as it is
        forms = sorted(dict.fromkeys(_lines(ed.values[name])), key=len, reverse=True)
        existing = _map(ed.data.get("disclaimer_short_forms"))
        if not forms:
            if key in existing:
                ed.drop(ed.data["disclaimer_short_forms"], key)
            continue
        if key in existing:
            ed.put(ed.data["disclaimer_short_forms"], key, forms)
            continue
        # A new list is written like the others there (flow or block, quoted or plain).
        section = ed.section("disclaimer_short_forms")
        sibling = next((f for f in section.values() if isinstance(f, CommentedSeq)), None)
        like = _shared_style(sibling) if sibling is not None else None
        block = sibling is not None and not sibling.fa.flow_style()
        ed.put(section, key, CommentedSeq([_styled(f, like) for f in forms]) if block
               else _flow(forms, like), tuple(str(k) for k in _map(ed.data.get("disclaimers"))))


def posted_rows(values: dict[str, str], prefix: str, default: int, most: int) -> int:
    """How many rows of a repeating part (partners, new teams) the form says it posted,
    at most ``most``; ``default`` when the count is missing or not a number."""
    try:
        return min(int(values.get(f"{prefix}.count", default)), most)
    except ValueError:
        return default


def _team(ed: _Editor, team: CommentedMap, prefix: str) -> None:
    ed.put(team, "name", ed.need(f"{prefix}.name", "give the team's name"))
    for name, _ in TEAM_FIELDS[1:]:
        text = _line(ed.values.get(f"{prefix}.{name}", ""))
        if text:
            ed.put(team, name, text, tuple(f for f, _ in TEAM_FIELDS))
        else:
            ed.drop(team, name)


def _new_teams(ed: _Editor) -> dict[str, int]:
    """Teams added in the form's blank rows (a row left blank adds nothing); returns each
    new team's key with its form row, so the pack's problems with it name that row."""
    teams = ed.data["teams"]
    added: dict[str, int] = {}
    for row in range(posted_rows(ed.values, "new_teams", 0, MAX_NEW_TEAMS)):
        prefix = f"new_teams.{row}"
        if not any(_line(ed.values.get(f"{prefix}.{f}", "")) for f in NEW_TEAM_FIELDS):
            continue
        key = _team_key(ed, f"{prefix}.key", [str(k) for k in teams], added)
        team = CommentedMap()
        _team(ed, team, prefix)
        if key:
            added[key] = row
            ed.put(teams, key, team)
    return added


def _team_key(ed: _Editor, name: str, existing: list[str], added: dict[str, int]) -> str:
    key = ed.need(name, "give the team a key, such as press_office")
    if not key:
        return ""
    problem = ""
    if not TEAM_KEY.fullmatch(key):
        problem = (f"{key!r} is not a team key: use lower-case letters, digits and "
                   "underscores, starting with a letter (at most 40)")
    elif _misread(key):  # YAML 1.1 reads "no", "on", "null"... as something else
        problem = f"{key!r} reads as a yes, no or nothing in the pack: choose another key"
    elif key in existing or key in added:
        problem = f"there is already a team {key!r}: choose another key"
    if problem:
        ed.problems.append(Problem(name, field_id(name), f"{name}: {problem}"))
        return ""
    return key


def _rules(ed: _Editor) -> None:
    for rule_id, rule in _map(ed.data.get("rules")).items():
        prefix = f"rules.{rule_id}"
        if f"{prefix}.title" not in ed.values:
            continue  # not in the form: left as it is
        ed.put(rule, "title", ed.need(f"{prefix}.title", "give the rule a title"))
        ed.put(rule, "message", ed.need(f"{prefix}.message", "say what the rule found"))
        ed.put(rule["fix"], "advice", ed.need(f"{prefix}.fix.advice", "say how to fix it"))
        ed.put(rule, "severity", _line(ed.values.get(f"{prefix}.severity", "")))
        enabled = f"{prefix}.enabled" in ed.values
        if not enabled or "enabled" in rule:
            ed.put(rule, "enabled", enabled, ("section", "severity", "enabled", "title"))


def _triage(ed: _Editor) -> None:
    order = ("section", *TRIAGE_FIELDS)
    for label_id, label in _map(ed.data.get("triage")).items():
        prefix = f"triage.{label_id}"
        if f"{prefix}.title" not in ed.values:
            continue  # not in the form: left as it is
        ed.put(label, "title", ed.need(f"{prefix}.title", "give the label a title"))
        ed.put(label, "team", ed.need(f"{prefix}.team", "choose the team it goes to"))
        urgency = ed.need(f"{prefix}.urgency", "choose how urgent it is")
        if "urgency" in label or urgency != Urgency.NORMAL.value:  # normal is the default
            ed.put(label, "urgency", urgency, order)
        ed.put(label, "instruction", ed.need(f"{prefix}.instruction", "say what to do"))
        if "uncertain_instruction" in label:
            # Kept, not dropped when emptied: for a danger label it is what the handler
            # reads when the model is unsure, and removing it is a YAML upload's decision.
            ed.put(label, "uncertain_instruction",
                   ed.need(f"{prefix}.uncertain_instruction",
                           "say what to do when the model is unsure"))


def _partners(ed: _Editor) -> list[int]:
    """Update, remove and add partners; returns each partner's form row, in pack order."""
    partners = ed.data.get("partners")
    known = len(partners) if isinstance(partners, CommentedSeq) else 0
    posted = posted_rows(ed.values, "partners", known, known + MAX_NEW_PARTNERS)

    def typed(row: int) -> bool:
        return any(_line(ed.values.get(f"partners.{row}.{f}", "")) for f in PARTNER_FIELDS)

    kept = [r for r in range(known) if f"partners.{r}.remove" not in ed.values]
    added = [r for r in range(known, posted)
             if f"partners.{r}.remove" not in ed.values and typed(r)]
    if not isinstance(partners, CommentedSeq):
        if not added:
            return kept
        partners = ed.data["partners"] = CommentedSeq()
        _blank_line_before(ed.data, "partners")
    for index in reversed(range(known)):
        if index not in kept:
            token = _take_tail(partners) if index == len(partners) - 1 else None
            del partners[index]
            _give_tail(partners, token)
    for partner, row in zip(list(partners), kept, strict=True):
        _partner(ed, partner, f"partners.{row}")
    for row in added:
        partner = CommentedMap()
        _partner(ed, partner, f"partners.{row}")
        token = _take_tail(partners)
        partners.append(partner)
        _give_tail(partners, token)
    return kept + added


def _partner(ed: _Editor, partner: CommentedMap, prefix: str) -> None:
    order = ("name", "aliases", "kind", "consent")
    ed.put(partner, "name", ed.need(f"{prefix}.name", "give the partner's name"))
    aliases = _lines(ed.values.get(f"{prefix}.aliases", ""))
    if aliases or "aliases" in partner:
        ed.put(partner, "aliases", aliases if "aliases" in partner else _flow(aliases), order)
    kind = _line(ed.values.get(f"{prefix}.kind", ""))
    if kind and (kind != "partner" or "kind" in partner):
        ed.put(partner, "kind", kind, order)
    elif not kind:
        ed.drop(partner, "kind")
    typed = {k: _line(ed.values.get(f"{prefix}.consent.{k}", ""))
             for k in ("given_on", "scope", "expires_on")}
    if not any(typed.values()):
        ed.drop(partner, "consent")
        return
    if not isinstance(partner.get("consent"), CommentedMap):
        ed.put(partner, "consent", CommentedMap(), order)
    consent = partner["consent"]
    for key in ("given_on", "scope", "expires_on"):
        if typed[key]:
            ed.put(consent, key, typed[key] if key == "scope" else _day(typed[key]),
                   ("given_on", "scope", "expires_on"))
        else:
            ed.drop(consent, key)


def _closure(ed: _Editor) -> None:
    defaults = ClosureCriteria().model_dump()
    typed = {k: _number(ed.need(f"closure_criteria.{k}", "give a number") or "0")
             for k, _, _ in CLOSURE}
    present = isinstance(ed.data.get("closure_criteria"), CommentedMap)
    if not present and all(_plain(typed[k]) == defaults[k] for k in typed):
        return
    criteria = ed.section("closure_criteria")
    for key, value in typed.items():
        if key in criteria or value != defaults[key]:
            ed.put(criteria, key, value, tuple(k for k, _, _ in CLOSURE))


def _lexicons(ed: _Editor) -> None:
    for name in sorted(bundled_lexicons()):
        typed = {k: _lines(ed.values.get(f"lexicons.{name}.{k}", "")) for k in ("add", "remove")}
        existing = _map(ed.data.get("lexicons")).get(name)
        if not any(typed.values()):
            if existing is not None:
                ed.drop(ed.data["lexicons"], name)
            continue
        if not isinstance(existing, CommentedMap):
            ed.put(ed.section("lexicons"), name, CommentedMap())
            existing = ed.data["lexicons"][name]
        for key, words in typed.items():
            if words:
                ed.put(existing, key, words if key in existing else CommentedSeq(words),
                       ("add", "remove"))
            else:
                ed.drop(existing, key)
    if isinstance(ed.data.get("lexicons"), CommentedMap) and not ed.data["lexicons"]:
        ed.drop(ed.data, "lexicons")


# -- problems --------------------------------------------------------------------------------


def locate(problems: list[str], fields: Iterable[str], partner_rows: list[int],
           team_rows: dict[str, int] | None = None) -> list[Problem]:
    """Each of a ``PackError``'s problems with the form field it names (the pack's own
    cross-checks come as one problem of several parts: they are split)."""
    names = list(fields)
    out: list[Problem] = []
    for problem in problems:
        for part in _PROBLEM_START.split(problem):
            path = part.split(": ", 1)[0] if ": " in part else ""
            form_path = _form_path(path, partner_rows, team_rows or {})
            name = _field_for(form_path, names)
            top = path.split(".")[0]
            anchor = field_id(name) if name else f"s-{top if top in SECTIONS else 'form'}"
            # Named as the form numbers it (a partner removed above shifts the pack's count).
            message = form_path + part[len(path):] if path else part
            out.append(Problem(name, anchor, message))
    return out


def _form_path(path: str, partner_rows: list[int], team_rows: dict[str, int]) -> str:
    found = re.match(r"partners\.(\d+)(.*)", path)
    if found and int(found.group(1)) < len(partner_rows):
        return f"partners.{partner_rows[int(found.group(1))]}{found.group(2)}"
    team = re.match(r"teams\.([^.]+)(.*)", path)
    if team and team.group(1) in team_rows:  # a team added in this form: its row
        return f"new_teams.{team_rows[team.group(1)]}{team.group(2)}"
    return path


def _field_for(path: str, names: list[str]) -> str | None:
    if not path:
        return None
    if path in names:
        return path
    below = [n for n in names if n.startswith(path + ".")]
    if below:
        return below[0]
    above = [n for n in names if path.startswith(n + ".")]
    return max(above, key=len) if above else None
