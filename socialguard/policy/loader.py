"""Load a policy pack from YAML, fill in the organisation's name and validate it.

Errors name the rule or field at fault (``rules.conduct.abusive.severity: ...``)
so that an organisation editing its pack can fix it without reading code.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from socialguard.policy import safe_yaml
from socialguard.policy.schema import PolicyPack

BUNDLED_PACK = "stw-icb.yaml"
PLACEHOLDERS = ("{organisation}", "{organisation_short}")
# The seed policy's own placeholder, so text pasted from it is filled in too.
SEED_PLACEHOLDER = "NHS Insert name ICB"


class PackError(ValueError):
    """A policy pack that cannot be used; ``problems`` lists each fault."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


def bundled_pack_path() -> Path:
    return Path(str(resources.files("socialguard.policy") / "packs" / BUNDLED_PACK))


def load_pack(path: str | os.PathLike[str] | None = None) -> PolicyPack:
    """Load the pack at ``path``, else ``$SOCIALGUARD_PACK``, else the bundled pack."""
    chosen = path or os.environ.get("SOCIALGUARD_PACK") or bundled_pack_path()
    return _load_cached(str(Path(chosen).resolve()))


@cache
def _load_cached(path: str) -> PolicyPack:
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise PackError(path, [f"cannot read the file ({exc.strerror})"]) from exc
    except UnicodeDecodeError as exc:
        raise PackError(path, [f"not UTF-8 text ({exc.reason} at byte {exc.start})"]) from exc
    return parse_pack(raw, source=path)


def parse_pack(raw: str, *, source: str = "<pack>", check_evidence: bool = True) -> PolicyPack:
    """Parse and validate a pack; with ``check_evidence`` (always, but for the training
    tools that build the models the check asks about) also check that every rule's
    evidence is produced by an installed detector."""
    try:
        data = safe_yaml.load(raw)  # refuses aliases, duplicate keys, deep nesting, size
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise PackError(
            source, [f"{where}not valid YAML ({getattr(exc, 'problem', exc)})"]
        ) from exc
    if not isinstance(data, dict):
        raise PackError(source, ["the pack must be a YAML mapping at the top level"])
    data = _fill_placeholders(data)
    try:
        pack = PolicyPack.model_validate(data)
    except ValidationError as exc:
        raise PackError(source, [_describe(err) for err in exc.errors()]) from exc
    if check_evidence:
        from socialguard.rules.coverage import missing_evidence

        missing = missing_evidence(pack)
        if missing:
            raise PackError(source, missing)
    return pack


def _fill_placeholders(data: dict[str, Any]) -> dict[str, Any]:
    org = data.get("organisation") or {}
    name = org.get("name") if isinstance(org, dict) else None
    if not isinstance(name, str) or not name.strip():
        return data  # validation reports the missing name
    shorts = org.get("short_names") or []
    short = shorts[0] if shorts and isinstance(shorts[0], str) else name
    values = {"{organisation}": name, "{organisation_short}": short, SEED_PLACEHOLDER: name}

    def fill(value: Any) -> Any:
        if isinstance(value, str):
            for placeholder, text in values.items():
                value = value.replace(placeholder, text)
            return value
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        return value

    return {k: (fill(v) if k != "organisation" else v) for k, v in data.items()}


def _describe(err: Any) -> str:
    location = ".".join(str(part) for part in err["loc"])
    message = err["msg"]
    if err["type"] == "extra_forbidden":
        message = "unknown field (check the spelling)"
    elif err["type"] == "value_error":
        message = message.removeprefix("Value error, ")
    return f"{location}: {message}" if location else message
