"""The vocabularies that remain: exact words and names, kept as data beside the pack.

Meaning comes from the judgment model; what is left as word lists is what is exact —
obscenities and slurs however they are spelt, the short forms of a personal-views
disclaimer, joke display names, local media outlets. Each lives in
``socialguard/policy/lexicons/<name>.yaml`` (``phrases``, and ``obfuscated: true``
where leetspeak and masking must match too). A pack extends or trims any of them
under ``lexicons:`` — ``{add: [...], remove: [...]}`` — so an organisation adds its
local paper or a slur heard in its area without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from socialguard.policy import safe_yaml


@dataclass(frozen=True)
class LexiconData:
    name: str
    phrases: tuple[str, ...]
    obfuscated: bool = False
    description: str = ""


def lexicon_dir() -> Path:
    return Path(str(resources.files("socialguard.policy") / "lexicons"))


@cache
def bundled_lexicons() -> dict[str, LexiconData]:
    """Every bundled lexicon, by file name (read once)."""
    out: dict[str, LexiconData] = {}
    for path in sorted(lexicon_dir().glob("*.yaml")):
        raw = path.read_text(encoding="utf-8")
        try:
            data = safe_yaml.load(raw) or {}
        except yaml.YAMLError as exc:
            raise ValueError(f"{path}: not valid YAML ({exc})") from exc
        phrases = data.get("phrases") or []
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise ValueError(f"{path}: 'phrases' must be a list of strings")
        first = raw.splitlines()[0] if raw else ""
        out[path.stem] = LexiconData(path.stem, tuple(phrases), bool(data.get("obfuscated")),
                                     first.removeprefix("#").strip())
    return out
