"""Offensive/hate scoring and sentence embeddings from the committed ONNX model.

One forward pass of a fine-tuned, int8-quantised all-MiniLM-L6-v2 gives P(offensive),
P(hate) and a 384-d L2-normalised sentence embedding. The offensive score is then
averaged with alt-profanity-check's (``socialguard.ml.profanity``) by the weight in
``meta.json``. Each text is run on its own: the int8 model quantises its activations
with one scale per run, so a text batched with others (or padded to their length) scores
differently than alone — by up to 0.1, enough to flip about 1 decision in 80. Alone it
always gets the same score, and two texts run side by side (one thread each) are faster
on two cores than one padded batch.

Texts are de-obfuscated first (``socialguard.ml.deobfuscate``) and explanations are
mapped back to the original text. Only onnxruntime, tokenizers, numpy and
alt-profanity-check are needed; ``training/train_encoder.py`` builds the model and
documents its data and measured accuracy, ``scripts/choose_abuse_blend.py`` the blend
(``models/abuse/meta.json``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from socialguard.ml.deobfuscate import normalise, normalised_text
from socialguard.ml.occlusion import strongest, weight
from socialguard.ml.profanity import profanity_probs

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "abuse"
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class WindowTokens:
    """One window's token states — its embedding is their mean, normalised — and, for
    each token between [CLS] and [SEP], the characters of the normalised text it read."""

    states: np.ndarray  # (tokens x 384), [CLS] and [SEP] included
    spans: tuple[tuple[int, int], ...]  # one per states[1:-1]


@dataclass(frozen=True, slots=True)
class Encoded:
    """One pass over a batch: the abuse scores, each text's embedding (the normalised
    mean of its windows'), its (windows x 384) window embeddings and, when the model
    gives them, each window's token states (what explanations take words out of).
    ``scores`` is empty when the pass was asked for embeddings only."""

    scores: list[AbuseScore]
    embeddings: np.ndarray
    windows: list[np.ndarray]
    tokens: list[list[WindowTokens]]


@dataclass(frozen=True, slots=True)
class AbuseScore:
    """``offensive`` is the blended score the threshold applies to; its two parts are kept
    so a finding can say what each model thought."""

    offensive: float
    hate: float
    offensive_model: float | None = None
    profanity_check: float | None = None


class AbuseModel:
    """Thread-compatible wrapper around one onnxruntime session (``run`` is re-entrant)."""

    def __init__(self, model_dir: Path = MODEL_DIR, threads: int | None = None) -> None:
        """``threads``: texts run side by side (default ``SOCIALGUARD_THREADS`` or 2)."""
        meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
        self.meta: dict[str, object] = meta
        self.thresholds: dict[str, float] = dict(meta["thresholds"])
        self.max_length: int = int(meta.get("max_length", 128))
        blend = dict(meta.get("blend", {}))
        # Weight of the MiniLM head in the offensive score; the rest is alt-profanity-check's,
        # counted only where the head itself gives at least ``model_floor``: a bag of words
        # ("blow out her candles") may tip a borderline text, not raise one from nothing.
        self.model_weight: float = float(blend.get("model_weight", 1.0))
        self.model_floor: float = float(blend.get("model_floor", 0.0))
        self._tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tok.no_padding()
        self._tok.no_truncation()  # long texts are windowed below, not cut off
        cls, sep = self._tok.token_to_id("[CLS]"), self._tok.token_to_id("[SEP]")
        if cls is None or sep is None:
            raise ValueError(f"{model_dir / 'tokenizer.json'} lacks [CLS]/[SEP]")
        self._cls, self._sep = cls, sep
        self.threads = max(1, threads or int(os.environ.get("SOCIALGUARD_THREADS", "2")))
        # Batches run one text per thread on single-threaded sessions (see the module doc);
        # a lone text, as in a single check, runs on all the threads at once instead. The
        # two give identical outputs (integer matmuls; each output row is computed whole by
        # one thread), which tests/test_ml_abuse.py holds.
        self._session = _session(model_dir / "model.onnx", 1)
        self._solo = _session(model_dir / "model.onnx", self.threads)
        self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="socialguard-model")

    # -- public API -------------------------------------------------------------------

    def score(self, texts: Sequence[str]) -> list[AbuseScore]:
        return self.score_and_embed(texts)[0]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self.score_and_embed(texts)[1]

    def score_and_embed(self, texts: Sequence[str]) -> tuple[list[AbuseScore], np.ndarray]:
        """Scores and (n x 384) normalised embeddings, in input order, from one pass."""
        encoded = self.encode(texts)
        return encoded.scores, encoded.embeddings

    def encode(self, texts: Sequence[str], scores: bool = True) -> Encoded:
        """Scores, embeddings and each text's window embeddings, from one pass. Without
        ``scores`` the offensive blend's second opinion is not computed (the judgment
        heads read only the embeddings and token states)."""
        normalised = [normalised_text(t) for t in texts]
        if not scores:
            _, _, emb, windows, tokens = self._run_model(normalised)
            return Encoded([], emb, windows, tokens)
        off, hate, emb, parts, windows, tokens = self._run(normalised)
        if parts is None:
            scored = [AbuseScore(float(o), float(h)) for o, h in zip(off, hate, strict=True)]
        else:
            scored = [AbuseScore(float(b), float(h), float(o), float(p))
                      for b, h, o, p in zip(off, hate, *parts, strict=True)]
        return Encoded(scored, emb, windows, tokens)

    def window_embeddings(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Each text's (windows x 384) normalised window embeddings, from one pass."""
        return self._run_model([normalised_text(t) for t in texts])[3]

    def is_offensive(self, score: AbuseScore) -> bool:
        return score.offensive >= self.thresholds["offensive"]

    def is_hate(self, score: AbuseScore) -> bool:
        return score.hate >= self.thresholds["hate"]

    def explain(
        self,
        text: str,
        target: Literal["offensive", "hate", "any"] = "any",
    ) -> list[tuple[int, int, float]]:
        """Words whose removal lowers the score most, as (start, end, weight) into ``text``.

        Leave-one-word-out occlusion on the normalised text, all variants in one batched
        run; weights are log-odds falls (``socialguard.ml.occlusion``), strongest first.
        """
        norm = normalise(text)
        words = list(_WORD.finditer(norm.text))
        if not words:
            return []
        variants = [norm.text]
        variants += [norm.text[: w.start()] + norm.text[w.end() :] for w in words]
        off, hate, _, _, _, _ = self._run(variants)
        if target == "offensive":
            probs = off
        elif target == "hate":
            probs = hate
        else:
            # Explain whichever head is further past its threshold on the full text.
            off_margin = off[0] - self.thresholds["offensive"]
            hate_margin = hate[0] - self.thresholds["hate"]
            probs = off if off_margin >= hate_margin else hate
        weighted = []
        for w, p in zip(words, probs[1:], strict=True):
            start, end = norm.to_original(w.start(), w.end())
            weighted.append((start, end, round(weight(float(probs[0]), float(p)), 4)))
        return strongest(weighted)

    # -- internals --------------------------------------------------------------------

    def _windows(self, texts: Sequence[str]) -> tuple[
            list[list[int]], list[int], list[tuple[tuple[int, int], ...]]]:
        """Token windows of at most ``max_length``, per window its text's index, and per
        window the characters each of its body tokens read."""
        body_len = self.max_length - 2
        stride = body_len * 3 // 4  # overlap so a phrase split by a window edge is seen whole
        windows: list[list[int]] = []
        owner: list[int] = []
        spans: list[tuple[tuple[int, int], ...]] = []
        for i, enc in enumerate(self._tok.encode_batch(list(texts))):
            body = enc.ids[1:-1]  # the tokenizer adds [CLS] ... [SEP]
            offsets = enc.offsets[1:-1]
            starts = range(0, max(1, len(body) - body_len + stride), stride)
            for s in starts:
                windows.append([self._cls, *body[s : s + body_len], self._sep])
                owner.append(i)
                spans.append(tuple(offsets[s : s + body_len]))
        return windows, owner, spans

    def _run(self, texts: Sequence[str]) -> tuple[
        np.ndarray, np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray] | None,
        list[np.ndarray], list[list[WindowTokens]],
    ]:
        """Blended offensive, hate and embeddings for already-normalised texts, the
        offensive score's two parts (head, alt-profanity-check) when it is a blend, each
        text's window embeddings and its windows' token states."""
        head, hate, emb, windows, tokens = self._run_model(texts)
        if self.model_weight >= 1.0:
            return head, hate, emb, None, windows, tokens
        second = profanity_probs(texts)
        blended = blend(head, second, self.model_weight, self.model_floor)
        return blended, hate, emb, (head, second), windows, tokens

    def _run_model(self, texts: Sequence[str]) -> tuple[
        np.ndarray, np.ndarray, np.ndarray, list[np.ndarray], list[list[WindowTokens]]
    ]:
        """The MiniLM heads alone, each text's window embeddings and token states."""
        n = len(texts)
        off = np.zeros(n, dtype=np.float32)
        hate = np.zeros(n, dtype=np.float32)
        emb = np.zeros((n, 384), dtype=np.float32)
        if n == 0:
            return off, hate, emb, [], []
        windows, owner, spans = self._windows(texts)
        per_text: list[list[list[int]]] = [[] for _ in range(n)]
        spans_of: list[list[tuple[tuple[int, int], ...]]] = [[] for _ in range(n)]
        for window, t, span in zip(windows, owner, spans, strict=True):
            per_text[t].append(window)
            spans_of[t].append(span)
        if n == 1:
            results = [self._run_one(per_text[0], self._solo)]
        elif self.threads == 1:  # a worker process: no thread to hand the texts to
            results = [self._run_one(windows) for windows in per_text]
        else:
            results = list(self._pool.map(self._run_one, per_text))
        tokens: list[list[WindowTokens]] = []
        for t, (o, h, e, states) in enumerate(results):
            # A long text is as offensive as its worst window; its embedding is the
            # (re-normalised) mean of its windows'.
            off[t], hate[t] = o.max(), h.max()
            emb[t] = e.sum(axis=0)
            tokens.append([] if states is None else [
                WindowTokens(states[row, : len(window)], spans_of[t][row])
                for row, window in enumerate(per_text[t])])
        emb /= np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-12)
        return off, hate, emb, [e for _, _, e, _ in results], tokens

    def _run_one(self, windows: list[list[int]], session: ort.InferenceSession | None = None,
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
        """One text's windows (a text longer than one window pads only to its own)."""
        width = max(len(w) for w in windows)
        ids = np.zeros((len(windows), width), dtype=np.int64)
        mask = np.zeros((len(windows), width), dtype=np.int64)
        for row, window in enumerate(windows):
            ids[row, : len(window)] = window
            mask[row, : len(window)] = 1
        out = (session or self._session).run(None, {"input_ids": ids, "attention_mask": mask})
        states = np.asarray(out[3]) if len(out) > 3 else None
        return np.asarray(out[0]), np.asarray(out[1]), np.asarray(out[2]), states


def _session(path: Path, threads: int) -> ort.InferenceSession:
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


def blend(head: np.ndarray, second: np.ndarray, weight: float, floor: float) -> np.ndarray:
    """The offensive score: ``weight`` of the head, the rest alt-profanity-check's where
    the head gives at least ``floor`` (``scripts/choose_abuse_blend.py`` chooses both)."""
    second = np.where(head >= floor, second, 0.0)
    return np.asarray(weight * head + (1.0 - weight) * second, dtype=np.float32)


@cache
def load_abuse_model() -> AbuseModel:
    """The shared model, loaded on first use (about 0.3 s)."""
    return AbuseModel()
