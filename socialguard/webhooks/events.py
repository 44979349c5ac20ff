"""Inbound messages from the platforms' webhook payloads (Meta, X).

Only what someone sent to an official account becomes a message: the account's own posts,
replies and message echoes, retweets, edits, reactions, reads and events without text are
passed over. So is an event the inbox cannot hold, rather than the whole delivery being
refused: the platforms retry a refused delivery for hours, and the rest of it would wait.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from socialguard.api.schemas import SENDER_NAME_CHARS, InboundMessage
from socialguard.inbox.upload import received_problem
from socialguard.submission import MAX_TEXT_CHARS, Author

Json = dict[str, Any]
# Page feed items a visitor can add with words in them (a comment, or a post on the Page).
FEED_ITEMS = frozenset({"comment", "post", "status", "photo", "video"})
META_OBJECTS = {"page": "facebook", "instagram": "instagram"}
# Unix times above this are milliseconds (Messenger, X), below it seconds (feed, Instagram).
MILLISECONDS_FROM = 10**11


@dataclass
class Parsed:
    messages: list[InboundMessage] = field(default_factory=list)
    passed_over: int = 0

    def add(self, message: InboundMessage | None) -> None:
        if message is None:
            self.passed_over += 1
        else:
            self.messages.append(message)


def _obj(value: object) -> Json:
    return value if isinstance(value, dict) else {}


def _objs(value: object) -> list[Json]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _string(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) and value else None


def _text(value: object) -> str | None:
    # NUL cannot be stored (PostgreSQL); refusing the delivery would only make it retried.
    return value.replace("\x00", "\ufffd") if isinstance(value, str) else None


def unix_time(value: object) -> datetime | None:
    """Unix seconds or milliseconds (a number or a string of digits) in UTC, or None."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 16:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value / 1000 if value > MILLISECONDS_FROM else value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _x_time(value: object) -> datetime | None:
    try:  # v1.1 tweets: "Wed Oct 10 20:19:24 +0000 2018"
        return datetime.strptime(str(value), "%a %b %d %H:%M:%S %z %Y")
    except ValueError:
        return None


def _message(*, platform: str, external_id: str | None, text: object, author: str | None,
             when: datetime | None) -> InboundMessage | None:
    body = _text(text)
    if not external_id or not body or not body.strip():
        return None
    try:
        message = InboundMessage(
            id=external_id, text=body[:MAX_TEXT_CHARS], platform=platform,
            # A live event cannot be sent back: it is kept with its sender's name cut.
            author=Author(name=(_text(author) or "")[:SENDER_NAME_CHARS] or None,
                          identifiable_as_staff=False),
            received_at=when)
    except ValidationError:
        return None
    if received_problem(message):
        message.received_at = None  # a clock we cannot count from: the inbox uses "now"
    return message


def meta_messages(payload: object) -> Parsed:
    """A Meta delivery (``object`` "page" or "instagram"): messages and comments."""
    body = _obj(payload)
    parsed = Parsed()
    platform = META_OBJECTS.get(str(body.get("object")))
    if platform is None:
        return parsed
    for entry in _objs(body.get("entry")):
        account = _string(entry.get("id"))
        for event in _objs(entry.get("messaging")):
            parsed.add(_meta_direct(event, platform, account))
        for change in _objs(entry.get("changes")):
            parsed.add(_meta_change(change, platform, account, unix_time(entry.get("time"))))
    return parsed


def _meta_direct(event: Json, platform: str, account: str | None) -> InboundMessage | None:
    message = _obj(event.get("message"))
    sender = _string(_obj(event.get("sender")).get("id"))
    if not message or message.get("is_echo") or (sender and sender == account):
        return None
    # Messenger and Instagram messages carry the sender's scoped id, not a name.
    return _message(platform=platform, external_id=_string(message.get("mid")),
                    text=message.get("text"), author=sender,
                    when=unix_time(event.get("timestamp")))


def _meta_change(change: Json, platform: str, account: str | None,
                 sent: datetime | None) -> InboundMessage | None:
    value = _obj(change.get("value"))
    sender = _obj(value.get("from"))
    sender_id = _string(sender.get("id"))
    if sender_id and sender_id == account:
        return None  # the account's own post or reply
    kind = change.get("field")
    if platform == "facebook" and kind == "feed":
        if value.get("verb") != "add" or value.get("item") not in FEED_ITEMS:
            return None
        item_id = _string(value.get("comment_id")) or _string(value.get("post_id"))
        return _message(platform=platform, external_id=item_id, text=value.get("message"),
                        author=_string(sender.get("name")) or sender_id,
                        when=unix_time(value.get("created_time")) or sent)
    if platform == "instagram" and kind in ("comments", "live_comments"):
        username = _string(sender.get("username"))
        # An Instagram comment carries no time of its own: the notification's is the nearest.
        return _message(platform=platform, external_id=_string(value.get("id")),
                        text=value.get("text"), author=f"@{username}" if username else sender_id,
                        when=sent)
    return None


def x_messages(payload: object) -> Parsed:
    """An Account Activity delivery: mentions and replies, and direct messages received."""
    body = _obj(payload)
    parsed = Parsed()
    account = _string(body.get("for_user_id"))
    users = _obj(body.get("users"))
    for tweet in _objs(body.get("tweet_create_events")):
        parsed.add(_x_post(tweet, account))
    for event in _objs(body.get("direct_message_events")):
        parsed.add(_x_direct(event, account, users))
    return parsed


def _x_author(user: Json, fallback: str | None) -> str | None:
    handle = _string(user.get("screen_name"))
    return _string(user.get("name")) or (f"@{handle}" if handle else fallback)


def _x_post(tweet: Json, account: str | None) -> InboundMessage | None:
    user = _obj(tweet.get("user"))
    user_id = _string(user.get("id_str")) or _string(user.get("id"))
    if (user_id and user_id == account) or "retweeted_status" in tweet:
        return None  # the account's own post, or a retweet (nobody wrote to us)
    text = (_obj(tweet.get("extended_tweet")).get("full_text") or tweet.get("full_text")
            or tweet.get("text"))
    post_id = _string(tweet.get("id_str")) or _string(tweet.get("id"))
    return _message(platform="x", external_id=post_id, text=text,
                    author=_x_author(user, user_id),
                    when=unix_time(tweet.get("timestamp_ms")) or _x_time(tweet.get("created_at")))


def _x_direct(event: Json, account: str | None, users: Json) -> InboundMessage | None:
    create = _obj(event.get("message_create"))
    sender = _string(create.get("sender_id"))
    if event.get("type") != "message_create" or (sender and sender == account):
        return None  # not a message, or one the account sent
    return _message(platform="x", external_id=_string(event.get("id")),
                    text=_obj(create.get("message_data")).get("text"),
                    author=_x_author(_obj(users.get(sender or "")), sender),
                    when=unix_time(event.get("created_timestamp")))
