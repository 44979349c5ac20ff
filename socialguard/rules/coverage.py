"""Every evidence kind a rule asks for must be produced by some detector.

Rules declare what they read (``@rule(..., needs=...)``; triage in
``socialguard.triage.rules.NEEDS``) and detectors what they produce (``produces``). A
rule whose evidence nobody produces would never fire and nobody would notice, so the
pack loader refuses such a pack (a rule enabled without its detector, a model missing
a head) with the rule and the kind named.
"""

from __future__ import annotations

from socialguard.policy.schema import PolicyPack


def missing_evidence(pack: PolicyPack) -> list[str]:
    # Imported here: the rules and detectors import the policy schema themselves.
    from socialguard import engine  # noqa: F401  (registers the rules)
    from socialguard.detectors.registry import produced_kinds
    from socialguard.rules.base import rule_needs
    from socialguard.triage.rules import NEEDS as TRIAGE_NEEDS

    produced = produced_kinds()

    def covered(kind: str) -> bool:
        return any(p == kind or p.startswith(kind + ".") for p in produced)

    asks = {rule_id: needs for rule_id, needs in rule_needs().items()
            if rule_id in pack.rules and pack.rules[rule_id].enabled}
    if any(label.enabled for label in pack.triage.values()):
        asks["triage"] = TRIAGE_NEEDS
    return [f"rules.{rule_id}: needs evidence '{kind}' that no detector produces"
            for rule_id, needs in sorted(asks.items()) for kind in needs if not covered(kind)]
