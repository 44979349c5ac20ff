"""The official accounts register (policy §10, §10.1; spec §3).

``models`` holds the data, ``audit`` the closure criteria, ``importers`` read
the platforms' export files and ``cli`` is ``socialguard accounts``.
"""

from socialguard.accounts.audit import audit_account, audit_accounts
from socialguard.accounts.models import Account, AccountAudit, AuditFinding, Post

__all__ = ["Account", "AccountAudit", "AuditFinding", "Post", "audit_account", "audit_accounts"]
