"""Save and load the project's person-name NER pipeline (spaCy, NER only).

The weights are stored as float16 to keep the committed model small (the NER
component initialised from spaCy's small English pipeline is ~6 MB in float32);
they are widened back to float32 on load because the CPU kernels need it.
Nothing here downloads anything.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "person_ner"
_WEIGHTS = "model.fp16"


def _cast_params(msg: dict[str, Any], dtype: str) -> dict[str, Any]:
    import numpy as np

    for params in msg["params"]:
        for key, value in params.items():
            if isinstance(value, np.ndarray) and value.dtype.kind == "f":
                params[key] = value.astype(dtype)
    return msg


def save_pipeline(nlp: Language, path: Path) -> None:
    """Write ``nlp`` (a pipeline whose only component is ``ner``) to ``path``."""
    import shutil

    import srsly  # type: ignore[import-untyped]

    if nlp.component_names != ["ner"]:
        raise ValueError(f"expected an NER-only pipeline, got {nlp.component_names}")
    if path.exists():
        shutil.rmtree(path)
    nlp.to_disk(path, exclude=["ner"])
    ner: Any = nlp.get_pipe("ner")
    ner_dir = path / "ner"
    ner.to_disk(ner_dir, exclude=["model", "vocab"])
    msg = _cast_params(ner.model.to_dict(), "float16")
    (ner_dir / _WEIGHTS).write_bytes(srsly.msgpack_dumps(msg))
    # Hash embeddings need no string table at run time; the labels live in
    # ner/moves. Dropping the strings saves ~1 MB.
    (path / "vocab" / "strings.json").write_text(json.dumps(sorted(ner.labels)))


def load_pipeline(path: Path = MODEL_DIR) -> Language:
    """Load a pipeline written by :func:`save_pipeline` (no network, no package)."""
    import srsly
    from spacy import util

    config = util.load_config(path / "config.cfg")
    nlp = util.load_model_from_config(config, auto_fill=False, validate=False)
    nlp.from_disk(path, exclude=["ner"])
    ner: Any = nlp.get_pipe("ner")
    ner.from_disk(path / "ner", exclude=["model", "vocab"])
    msg = _cast_params(srsly.msgpack_loads((path / "ner" / _WEIGHTS).read_bytes()), "float32")
    ner._resize()
    ner.model.from_dict(msg)
    return nlp


@cache
def person_ner() -> Language:
    """The bundled model, loaded once per process."""
    return load_pipeline(MODEL_DIR)


def person_spans(doc: Doc) -> list[Span]:
    """The model's PERSON entities, tidied.

    A user name is one person on its own ("@JessicaLakey Jess" is two mentions),
    and free-standing symbols at the edges ("✧ @Louis_Tomlinson") are not part of
    a name. Works on whitespace-delimited words, since the tokeniser splits some
    user names ("@kass_" -> "@kass", "_").
    """
    spans: list[Span] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        words: list[tuple[int, int]] = []  # token ranges without whitespace inside
        for token in ent:
            if words and not doc[token.i - 1].whitespace_ and token.i > ent.start:
                words[-1] = (words[-1][0], token.i + 1)
            else:
                words.append((token.i, token.i + 1))
        group: list[tuple[int, int]] = []
        for word in words:
            if doc[word[0]].text.startswith("@") and len(doc[word[0]].text) > 1:
                spans.extend(_trimmed(doc, group))
                spans.extend(_trimmed(doc, [word]))
                group = []
            else:
                group.append(word)
        spans.extend(_trimmed(doc, group))
    return spans


def _trimmed(doc: Doc, words: list[tuple[int, int]]) -> list[Span]:
    from spacy.tokens import Span

    def symbol(word: tuple[int, int]) -> bool:
        return not any(c.isalnum() for c in doc[word[0] : word[1]].text)

    while words and symbol(words[0]):
        words = words[1:]
    while words and symbol(words[-1]):
        words = words[:-1]
    return [Span(doc, words[0][0], words[-1][1], label="PERSON")] if words else []
