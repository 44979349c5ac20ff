"""Learned models used by detectors (ONNX runtime only; training lives in scripts/)."""
