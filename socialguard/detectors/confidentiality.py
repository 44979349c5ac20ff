"""Confidential organisation information: protective markings, embargoes, leaks,
unpublished decisions and private internal conversations (§6.2)."""

from __future__ import annotations

from typing import ClassVar

from socialguard.detectors.cues import CueDetector, cue

MARKINGS = [
    "official-sensitive", "official sensitive", "official: sensitive", "commercial in confidence",
    "commercially sensitive", "strictly confidential", "private and confidential", "confidential",
    "internal only", "internal use only", "for internal use", "not for circulation",
    "not for distribution", "not for publication", "do not share", "do not forward",
    "restricted", "embargoed", "embargo", "under embargo", "not yet public", "not public yet",
    "not been announced", "hasn't been announced", "not announced yet", "before it's announced",
    "keep it to yourselves", "keep this to yourselves", "keep it quiet", "between us",
    "between ourselves", "you didn't hear it from me", "off the record", "leaked", "leak",
]
UNPUBLISHED = [
    "draft budget", "draft plan*", "draft report", "draft strategy", "draft minutes",
    "hasn't signed it off", "haven't signed it off", "not signed off", "not been signed off",
    "hasn't been signed off", "yet to be approved", "not yet approved", "before it goes to board",
    "bid scores", "tender scores", "scored the bids", "bid evaluation", "preferred bidder",
    "award letters", "contract award", "shortlist*", "closure list", "redundancy list",
    "restructure plans", "proposed cuts", "savings plan", "financial recovery plan",
    "exec meeting", "executive meeting", "board meeting", "private board", "part 2 board",
    "confidential session", "in today's meeting", "in the meeting", "told us in",
    "internal email", "internal memo", "staff briefing", "all-staff email", "teams chat",
]


class ConfidentialityDetector(CueDetector):
    name: ClassVar[str] = "confidentiality"
    cues = {
        "internal.marking": cue(MARKINGS, 0.85, "a protective marking or a sign of secrecy"),
        "internal.unpublished": cue(UNPUBLISHED, 0.6, "refers to unpublished internal business"),
    }
