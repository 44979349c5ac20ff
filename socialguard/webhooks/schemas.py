"""API schemas of the webhooks (what a sender gets back: ids and counts, never text)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class WebhookReceipt(BaseModel):
    received: int = Field(description="inbound messages read from the delivery")
    stored: list[int] = Field(description="ids of the inbox messages stored from it")
    duplicates: list[str] = Field(description="external ids already in the inbox, not stored")
    passed_over: int = Field(
        default=0, description="platform events that are no message to the accounts "
                               "(their own posts and echoes, reads, reactions, no text)")
    replayed: bool = Field(
        default=False, description="a retry of a delivery already accepted: acknowledged, "
                                   "nothing stored again")


class CrcResponse(BaseModel):
    response_token: str = Field(description="sha256=<base64 HMAC-SHA256(consumer secret, "
                                            "crc_token)>")
