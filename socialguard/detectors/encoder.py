"""One pass of the sentence model per batch, shared by the detectors that need it.

The judgment heads read the window embeddings and token states of this pass (the
encoder's own offensive and hate scores are for the benchmarks and are not computed
here). The last batch is remembered so a second detector asking for the same texts
does not run the model again. Checks may run on several threads at once (the web
app), so a caller always gets the pass of its own texts: the remembered batch is
read and replaced under a lock, and never handed to a caller with other texts.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from socialguard.ml.abuse import AbuseModel, Encoded


@dataclass
class SharedEncoder:
    model: AbuseModel
    _last_texts: tuple[str, ...] | None = None
    _last: Encoded | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def run(self, texts: Sequence[str]) -> Encoded:
        key = tuple(texts)
        with self._lock:
            if self._last is not None and self._last_texts == key:
                return self._last
        result = self.model.encode(key, scores=False)
        with self._lock:
            self._last_texts, self._last = key, result
        return result

    def forget(self) -> None:
        with self._lock:
            self._last_texts = self._last = None


_shared: SharedEncoder | None = None


def shared_encoder() -> SharedEncoder:
    global _shared
    if _shared is None:
        from socialguard.ml.abuse import load_abuse_model

        _shared = SharedEncoder(load_abuse_model())
    return _shared


def forget_encoded() -> None:
    """Drop the remembered batch (its texts and their embeddings)."""
    if _shared is not None:
        _shared.forget()
