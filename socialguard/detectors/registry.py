"""The detectors the engine runs, built once and shared (they hold no per-call state).

Exact recognisers (personal data, disclaimers, the organisation's names, partners,
protective markings, obscenities and slurs, media outlets, credit lines, a sender's
signature) run on every text; the encoder pass and the judgment heads that read its
window embeddings load lazily on first use. Every detector
declares the evidence kinds it produces (``produces``), so the rules' needs can be
checked against them when a pack is loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from socialguard.detectors.base import Detector
from socialguard.detectors.disclaimers import DisclaimerDetector
from socialguard.detectors.introductions import IntroductionDetector
from socialguard.detectors.language import LanguageDetector
from socialguard.detectors.markings import MarkingDetector
from socialguard.detectors.organisation import OrganisationDetector
from socialguard.detectors.outlets import OutletDetector
from socialguard.detectors.partners import PartnerDetector
from socialguard.detectors.sender import SenderDetector
from socialguard.detectors.video_credits import VideoCreditDetector


@cache
def context_detectors() -> tuple[Detector, ...]:
    """What is also read of the text a post replies to: whose news it is about."""
    from socialguard.detectors.meaning import ContentMeaningDetector

    return (OrganisationDetector(), ContentMeaningDetector())


@cache
def default_detectors() -> tuple[Detector, ...]:
    detectors: list[Detector] = [
        OrganisationDetector(),
        DisclaimerDetector(),
        PartnerDetector(),
        MarkingDetector(),
        LanguageDetector(),
        OutletDetector(),
        VideoCreditDetector(),
        IntroductionDetector(),
        SenderDetector(),
    ]
    detectors.extend(model_detectors())
    return tuple(detectors)


def model_detectors() -> Sequence[Detector]:
    """Detectors backed by models, loaded lazily on first use."""
    from socialguard.detectors.pii import PersonalDataDetector

    found: list[Detector] = [PersonalDataDetector()]
    from socialguard.ml.abuse import MODEL_DIR

    if (MODEL_DIR / "model.onnx").exists():
        from socialguard.detectors.meaning import ContentMeaningDetector, InboundMeaningDetector

        found.extend([ContentMeaningDetector(), InboundMeaningDetector()])
    return found


def produced_kinds(detectors: Sequence[Detector] | None = None) -> set[str]:
    """Every evidence kind the detectors can produce."""
    return {kind for d in (detectors or default_detectors())
            for kind in getattr(d, "produces", ())}
