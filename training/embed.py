"""Window embeddings from the product's own encoder, cached by text.

The heads are trained on exactly what they see at run time: the committed ONNX
encoder (socialguard/models/abuse) run on the de-obfuscated text, one 384-d
embedding per 64-token window. Embedding the corpus takes a few minutes, so the
vectors are kept in ``<work>/windows.npz`` keyed by a hash of the text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from socialguard.ml.abuse import MODEL_DIR, AbuseModel


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class WindowCache:
    """Window embeddings of one encoder (``encoder_dir``), kept under ``work`` in a file
    named after the encoder's weights, so another encoder never reads them."""

    def __init__(self, work: Path, encoder_dir: Path = MODEL_DIR) -> None:
        self.encoder_dir = encoder_dir
        digest = hashlib.sha1((encoder_dir / "model.onnx").read_bytes()).hexdigest()[:12]
        path = work / f"windows-{digest}.npz"
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        if path.exists():
            data = np.load(path, allow_pickle=False)
            keys, offsets, matrix = data["keys"], data["offsets"], data["matrix"]
            for i, key in enumerate(keys):
                self.vectors[str(key)] = matrix[offsets[i]: offsets[i + 1]]

    def save(self) -> None:
        keys = sorted(self.vectors)
        offsets = np.zeros(len(keys) + 1, dtype=np.int64)
        for i, key in enumerate(keys):
            offsets[i + 1] = offsets[i] + len(self.vectors[key])
        matrix = (np.concatenate([self.vectors[k] for k in keys]) if keys
                  else np.zeros((0, 384), dtype=np.float32))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(self.path, keys=np.array(keys), offsets=offsets, matrix=matrix)

    def windows(self, texts: Sequence[str], progress: bool = True) -> list[np.ndarray]:
        missing = sorted({t for t in texts if _key(t) not in self.vectors})
        if missing:
            model = AbuseModel(self.encoder_dir)
            for start in range(0, len(missing), 256):
                chunk = missing[start: start + 256]
                for text, vectors in zip(chunk, model.window_embeddings(chunk), strict=True):
                    self.vectors[_key(text)] = vectors.astype(np.float32)
                if progress:
                    print(f"  embedded {min(start + 256, len(missing))}/{len(missing)}",
                          flush=True)
                if start % 4096 == 0:
                    self.save()
            self.save()
        return [self.vectors[_key(t)] for t in texts]
