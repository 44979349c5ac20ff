"""Fill the bundled pack's section texts from the seed policy document, section by section.

The policy staff acknowledge is the organisation's own text, so /policy shows each
section of HR020 in full. This script takes that text from the seed document (HR020 v2 as
converted to text, ``../shared/seed/000_b91fcc0dd1af8582.txt``) and writes it into the
``sections:`` list of ``socialguard/policy/packs/stw-icb.yaml``; the product reads only
the YAML, never the seed. Numbers, titles and summaries stay as the pack has them::

    .venv/bin/python scripts/seed_sections.py           # rewrite the sections: list
    .venv/bin/python scripts/seed_sections.py --check   # exit 1 if the YAML is not up to date

What the conversion does to the seed's text, and why:

* emphasis markers (``*appropriate*``, ``**do not**``) are dropped: section text is plain
  paragraphs and ``- `` bullet lists (see ``Section`` in socialguard/policy/schema.py);
* a paragraph or bullet cut in two by a page break (a line ending without punctuation,
  then blank lines, then a line starting in lower case) is joined again;
* the closure criteria table of 10.1 (tab-separated) becomes a bullet list,
  ``- Inactivity: no original posts made for 1 month or more``;
* blank lines between the items of one bullet list are removed, so they read as one list;
* the seed's placeholder "NHS Insert name ICB" is left as it is: the loader fills it in
  with the organisation's name (socialguard/policy/loader.py, ``SEED_PLACEHOLDER``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from socialguard.policy import parse_pack, safe_yaml  # noqa: E402  (after sys.path)

SEED = ROOT.parent / "shared" / "seed" / "000_b91fcc0dd1af8582.txt"
PACK = ROOT / "socialguard" / "policy" / "packs" / "stw-icb.yaml"
# "## 1. Introduction", "### 4.1 Responsibility of the ICB", "## **4.2 Responsibility ...**"
HEADING = re.compile(r"^#{1,6}\s*(?:\*\*)?\s*(\d+(?:\.\d+)*)\.?\s+(.*?)\s*(?:\*\*)?\s*$")
EMPHASIS = (re.compile(r"\*\*(.+?)\*\*"), re.compile(r"\*(.+?)\*"))
SENTENCE_END = tuple('.:;!?"”’)')


def extract(seed: str) -> dict[str, str]:
    """Section number -> its own text (not its subsections'), in the pack's simple markup."""
    bodies: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in seed.splitlines():
        heading = HEADING.match(line)
        if heading:
            current = bodies.setdefault(heading.group(1), [])
            continue
        if current is not None:
            current.append(line)
    return {number: _clean(lines) for number, lines in bodies.items()}


def _clean(lines: list[str]) -> str:
    chunks: list[list[str]] = [[]]
    for raw in lines:
        line = raw.strip()
        if "\t" in raw and line:  # a table row: "Inactivity<TAB>no original posts ..."
            cells = [c.strip() for c in raw.split("\t") if c.strip()]
            line = "- " + cells[0] + (": " + " ".join(cells[1:]) if cells[1:] else "")
        for pattern in EMPHASIS:
            line = pattern.sub(r"\1", line)
        if line:
            chunks[-1].append(line)
        elif chunks[-1]:
            chunks.append([])
    chunks = [c for c in chunks if c]
    joined: list[list[str]] = []
    for chunk in chunks:
        previous = joined[-1][-1] if joined else ""
        if previous and not previous.endswith(SENTENCE_END) and chunk[0][:1].islower():
            joined[-1][-1] = previous + " " + chunk[0]  # a page break cut this in two
            joined[-1].extend(chunk[1:])
        else:
            joined.append(list(chunk))
    text = ""
    for n, chunk in enumerate(joined):
        if n:
            bullets = joined[n - 1][-1].startswith("- ") and chunk[0].startswith("- ")
            text += "\n" if bullets else "\n\n"
        text += "\n".join(chunk)
    return text


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def sections_block(sections: list[dict[str, Any]], texts: dict[str, str]) -> str:
    out = ["sections:"]
    for section in sections:
        number = str(section["number"])
        out.append(f"  - number: {_quoted(number)}")
        out.append(f"    title: {_quoted(str(section['title']))}")
        if section.get("summary"):
            out.append(f"    summary: {_quoted(str(section['summary']))}")
        text = texts.get(number, "")
        if text:
            out.append("    text: |-")
            out += [f"      {line}" if line else "" for line in text.split("\n")]
    return "\n".join(out) + "\n"


def rewrite(pack_text: str, texts: dict[str, str]) -> str:
    """The pack with its ``sections:`` list replaced; every other line is kept as it is."""
    lines = pack_text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.rstrip() == "sections:")
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " -"):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # the blank lines before the next key stay where they are
    data = safe_yaml.load(pack_text)
    block = sections_block(data["sections"], texts)
    return "".join(lines[:start]) + block + "".join(lines[end:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--pack", type=Path, default=PACK)
    parser.add_argument("--check", action="store_true",
                        help="only say whether the pack's section texts match the seed")
    args = parser.parse_args(argv)
    texts = extract(args.seed.read_text(encoding="utf-8"))
    pack_text = args.pack.read_text(encoding="utf-8")
    numbers = [str(s["number"]) for s in safe_yaml.load(pack_text)["sections"]]
    missing = [n for n in numbers if n not in texts]
    extra = [n for n in texts if n not in numbers]
    if missing or extra:
        print(f"sections not in the seed: {missing}; seed sections not in the pack: {extra}",
              file=sys.stderr)
        return 1
    new_text = rewrite(pack_text, texts)
    parse_pack(new_text, source=str(args.pack))  # still a valid pack
    if args.check:
        if new_text != pack_text:
            print(f"{args.pack}: the section texts differ from the seed; run "
                  "scripts/seed_sections.py", file=sys.stderr)
            return 1
        print(f"{args.pack}: the section texts match the seed")
        return 0
    args.pack.write_text(new_text, encoding="utf-8")
    filled = sum(1 for n in numbers if texts[n])
    print(f"{args.pack}: {filled} of {len(numbers)} sections have text")
    return 0


if __name__ == "__main__":
    sys.exit(main())
