"""The detectors the engine runs, built once and shared (they hold no per-call state).

Cheap vocabularies and patterns run on every text; the personal-data layer
(Presidio with the project's NER) and the trained abuse model load lazily
the first time they are needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from socialguard.detectors.audience import AudienceDetector
from socialguard.detectors.base import Detector
from socialguard.detectors.care import CareContextDetector
from socialguard.detectors.conduct import ConductDetector
from socialguard.detectors.confidentiality import ConfidentialityDetector
from socialguard.detectors.context_cues import ContextCueDetector
from socialguard.detectors.disclaimers import DisclaimerDetector
from socialguard.detectors.partners import PartnerDetector
from socialguard.detectors.speech import SpeechDetector
from socialguard.detectors.topics import TopicsDetector
from socialguard.detectors.workplace import WorkplaceDetector
from socialguard.triage.cues import TriageCueDetector


@cache
def context_detectors() -> tuple[Detector, ...]:
    """The cheap detectors, also run on the text a post replies to."""
    return (WorkplaceDetector(), CareContextDetector(), AudienceDetector(), ContextCueDetector())


@cache
def default_detectors() -> tuple[Detector, ...]:
    detectors: list[Detector] = [
        *context_detectors(),
        DisclaimerDetector(),
        ConfidentialityDetector(),
        ConductDetector(),
        SpeechDetector(),
        TopicsDetector(),
        PartnerDetector(),
        TriageCueDetector(),
    ]
    detectors.extend(model_detectors())
    return tuple(detectors)


def model_detectors() -> Sequence[Detector]:
    """Detectors backed by models, loaded lazily on first use."""
    from socialguard.detectors.pii import PersonalDataDetector

    found: list[Detector] = [PersonalDataDetector()]
    from socialguard.ml.abuse import MODEL_DIR

    if (MODEL_DIR / "model.onnx").exists():
        from socialguard.detectors.abuse import AbuseModelDetector
        from socialguard.detectors.intents import IntentDetector

        found.extend([AbuseModelDetector(), IntentDetector()])
    return found
