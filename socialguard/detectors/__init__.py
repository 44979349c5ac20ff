"""Detectors: each finds one kind of evidence in text and never decides a rule."""
