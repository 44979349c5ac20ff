"""Concrete fixes: the redacted draft, the draft with the disclaimer appended,
the draft without the offending sentences, and who to contact.

Every fix text can be posted as it stands: a redaction uses the pack's plain words
("a patient", "the ward") or leaves out the clause holding an identifier that has no
natural word (never "[name]"), and no fix text is longer than the platform allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from socialguard.detectors.lexicon import sentence_bounds
from socialguard.policy.schema import PolicyPack, RedactionWords, Rule
from socialguard.rules.base import Hit, Redaction
from socialguard.verdict import Contact, Fix, FixKind

CLAUSE_OPEN = ",;:–—("
CLAUSE_CLOSE = ",;:–—)"
SENTENCE_PUNCT = ".!?"
OVER_LIMIT = (" With the full disclaimer the post would be over the platform's {limit:,}-character "
              "limit, so the fix uses a shorter form.")
NO_ROOM = (" Even a short disclaimer would take the post over the platform's {limit:,}-character "
           "limit: put the disclaimer in your profile bio instead.")
TOO_LONG = (" The fixed draft would be over the platform's {limit:,}-character limit: shorten "
            "the draft first.")


def build_fix(rule: Rule, hit: Hit, text: str, pack: PolicyPack,
              platform: str | None = None) -> Fix:
    spec = rule.fix
    contacts = [
        Contact(team=key, name=pack.teams[key].name, how=pack.teams[key].how_to_reach())
        for key in spec.contacts
    ]
    snippet = pack.disclaimers.get(spec.disclaimer) if spec.disclaimer else None
    advice = spec.advice
    limit = pack.character_limit(platform) if platform else None
    fixed: str | None = None
    if spec.kind is FixKind.REDACT:
        # No identifier to redact (the model read the whole post as patient care): there
        # is no mechanical fix; the advice stands.
        fixed = redact(text, hit.redactions, hit.rule, pack.redaction) if hit.redactions \
            else None
    elif spec.kind is FixKind.APPEND and snippet and spec.disclaimer:
        fixed, snippet, note = fit_disclaimer(text, spec.disclaimer, snippet, pack, limit)
        advice += note
    elif spec.kind is FixKind.REMOVE and hit.all_spans():
        fixed = remove_sentences(text, hit.all_spans()) or None
    if fixed is not None and limit is not None and len(fixed) > limit:
        fixed, advice = None, advice + TOO_LONG.format(limit=limit)
    return Fix(kind=spec.kind, advice=advice, text=fixed, snippet=snippet, contacts=contacts)


def fit_disclaimer(text: str, key: str, snippet: str, pack: PolicyPack,
                   limit: int | None) -> tuple[str | None, str, str]:
    """(fixed text, the disclaimer used, a note for the advice): the full disclaimer when
    it fits the platform's limit, else the pack's longest short form that fits, else no
    text and the profile-bio route."""
    full = append(text, snippet)
    if limit is None or len(full) <= limit:
        return full, snippet, ""
    for short in pack.disclaimer_short_forms.get(key, []):
        shorter = append(text, short, limit)
        if len(shorter) <= limit:
            return shorter, short, OVER_LIMIT.format(limit=limit)
    return None, snippet, NO_ROOM.format(limit=limit)


def append(text: str, snippet: str, limit: int | None = None) -> str:
    if snippet.lower() in text.lower():
        return text
    long_post = len(text) > 280 and (limit is None or limit > 280)
    return text.rstrip() + ("\n\n" if long_post else " ") + snippet


def remove_sentences(text: str, spans: list[tuple[int, int]]) -> str:
    cut = sorted({sentence_bounds(text, start) for start, _ in spans})
    out, pos = [], 0
    for start, end in cut:
        if start < pos:
            continue
        out.append(text[pos:start])
        pos = end
        while pos < len(text) and text[pos] in ".!?":
            pos += 1
    out.append(text[pos:])
    return re.sub(r"\s{2,}", " ", "".join(out)).strip()


# -- natural redaction ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Edit:
    start: int
    end: int
    words: str  # "" removes


def redact(text: str, marks: list[Redaction], rule_id: str,
           vocabulary: RedactionWords) -> str | None:
    """The draft with each marked identifier (``Redaction.label`` is its evidence kind)
    replaced by the pack's plain words for it, or left out with the clause holding it.
    None when nothing postable is left."""
    edits: list[_Edit] = []
    for start, end, kind in _groups(text, _merged(marks), rule_id, vocabulary):
        word = vocabulary.word_for(rule_id, kind)
        if word is not None:
            edits.append(_replace(text, start, end, word, vocabulary))
        else:
            edits.append(_remove(text, start, end, vocabulary, kind in vocabulary.drop))
    fixed = _apply(text, edits)
    return fixed if re.search(r"\w", fixed) else None


def _merged(marks: list[Redaction]) -> list[Redaction]:
    """Overlapping marks as one, keeping the wider mark's kind."""
    merged: list[Redaction] = []
    for m in sorted(marks, key=lambda r: (r.start, -r.end)):
        if merged and m.start < merged[-1].end:
            last = merged[-1]
            if m.end > last.end:
                merged[-1] = Redaction(last.start, m.end, last.label)
            continue
        merged.append(m)
    return merged


def _groups(text: str, marks: list[Redaction], rule_id: str,
            vocabulary: RedactionWords) -> list[tuple[int, int, str]]:
    """Neighbouring marks treated as one: 'bay 2 on Ward 10' is one 'the ward', and
    '12 Sundorne Avenue, SY1 4JF' one address."""
    groups: list[tuple[int, int, str]] = []
    for m in marks:
        if groups:
            start, end, kind = groups[-1]
            gap = text[end:m.start]
            same_word = (vocabulary.word_for(rule_id, kind) is not None
                         and vocabulary.word_for(rule_id, kind)
                         == vocabulary.word_for(rule_id, m.label)
                         and re.fullmatch(r"\s*(?:(?:on|in|at|of)\s+|,\s*)?", gap))
            both_removed = (vocabulary.word_for(rule_id, kind) is None
                            and vocabulary.word_for(rule_id, m.label) is None
                            and re.fullmatch(r"[\s,]*", gap))
            if same_word or both_removed:
                groups[-1] = (start, m.end, kind)
                continue
        groups.append((m.start, m.end, m.label))
    return groups


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _replace(text: str, start: int, end: int, word: str, vocabulary: RedactionWords) -> _Edit:
    before = text[:start]
    if vocabulary.titles:
        titles = re.search(rf"(?:\b(?:{_alternatives(vocabulary.titles)})\.?\s+)+$", before,
                           re.I)
        if titles:
            start = titles.start()
            before = text[:start]
    if vocabulary.greetings:
        greeting = re.search(rf"\b(?:{_alternatives(vocabulary.greetings)})(\s+)$", before, re.I)
        if greeting:  # 'Hi Kelsey!' -> 'Hi!': a greeting needs no name
            return _Edit(greeting.start(1), end, "")
    if vocabulary.appositives:
        named = re.search(rf"\b(?:{_alternatives(vocabulary.appositives)})(\s+)$", before, re.I)
        if named:  # 'this lad Daniel has' -> 'this lad has': the noun already says who
            return _Edit(named.start(1), end, "")
    article = re.match(r"(?:the|a|an)\s", word, re.I)
    if article:
        doubled = re.search(r"\b(?:the|a|an)\s+$", before, re.I)
        if doubled:  # 'onto the Ward 35' -> 'onto the ward'
            start = doubled.start()
            before = text[:start]
    if _sentence_start(before):
        word = word[0].upper() + word[1:]
    return _Edit(start, end, word)


def _remove(text: str, start: int, end: int, vocabulary: RedactionWords,
            in_place: bool) -> _Edit:
    if vocabulary.lead_ins:
        lead = re.search(rf"\b(?:{_alternatives(vocabulary.lead_ins)})[\s:.]*$", text[:start],
                         re.I)
        if lead:  # 'DOB 05/11/1998', 'NHS no. 9617808501'
            start = lead.start()
    opened = re.search(r"\s*\(\s*$", text[:start])
    closed = re.match(r"\s*\)", text[end:])
    if opened and closed:  # '(DOB 05/11/1998)' goes with its brackets
        return _Edit(opened.start(), end + closed.end(), "")
    if vocabulary.prepositions:
        prep = re.search(rf"\s*\b(?:{_alternatives(vocabulary.prepositions)})\s+$",
                         text[:start], re.I)
        if prep:  # 'call Sue Brown on 07700 900123 about' -> 'call Sue Brown about'
            return _Edit(prep.start(), end, "")
    # An e-mail address's dots end no sentence: the sentence runs on from its end.
    s_start, s_end = sentence_bounds(text, start)[0], sentence_bounds(text, end)[1]
    c_start = max([s_start] + [i for i in range(s_start, start) if text[i] in CLAUSE_OPEN])
    c_end = min([s_end] + [i for i in range(end, s_end) if text[i] in CLAUSE_CLOSE])
    rest = text[c_start:start] + text[end:c_end]
    if in_place and re.search(r"\w", rest):
        return _Edit(start, end, "")
    if c_start > s_start:  # ', 67' or ', my brother's mobile is ...': the clause goes
        return _Edit(c_start, c_end, "")
    if c_end < s_end:  # the sentence's first clause: it goes with its delimiter
        return _Edit(c_start, c_end + 1, "")
    while s_end < len(text) and text[s_end] in SENTENCE_PUNCT:
        s_end += 1
    return _Edit(s_start, s_end, "")


def _sentence_start(before: str) -> bool:
    stripped = before.rstrip()
    return not stripped or stripped[-1] in SENTENCE_PUNCT or before.endswith("\n")


def _apply(text: str, edits: list[_Edit]) -> str:
    ordered: list[_Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, -e.end)):
        if ordered and edit.start < ordered[-1].end:
            last = ordered[-1]
            ordered[-1] = _Edit(last.start, max(last.end, edit.end),
                                last.words if last.end >= edit.end else "")
            continue
        ordered.append(edit)
    out, pos, capitalise = "", 0, False
    for edit in ordered:
        out += _capitalised(text[pos:edit.start]) if capitalise else text[pos:edit.start]
        out += edit.words
        capitalise = not edit.words and _sentence_start(out)
        pos = edit.end
    tail = text[pos:]
    out += _capitalised(tail) if capitalise else tail
    return _tidy(out)


def _capitalised(chunk: str) -> str:
    chunk = re.sub(r"^[\s,;:–—-]+", " ", chunk)
    found = re.search(r"[^\W\d_]", chunk)
    if found is None or found.start() > 1:
        return chunk
    i = found.start()
    return chunk[:i] + chunk[i].upper() + chunk[i + 1:]


def _tidy(text: str) -> str:
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"[ \t]+([,;:)])", r"\1", text)
    text = re.sub(r"[ \t]+([.!?])(?=\s|$)", r"\1", text)
    text = re.sub(r",(\s*[,.!?])", r"\1", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    return re.sub(r"^[\s,;:–—-]+", "", text).strip()
