"""The organisation's policy as a versioned, validated pack."""

from socialguard.policy.loader import PackError, bundled_pack_path, load_pack, parse_pack
from socialguard.policy.schema import PolicyPack

__all__ = ["PackError", "PolicyPack", "bundled_pack_path", "load_pack", "parse_pack"]
