"""One YAML loader for policy packs and lexicons, safe against hostile input.

``yaml.safe_load`` only stops arbitrary objects being built. A pack is also uploaded and
edited through the web, so this loader further refuses what a pack never needs and an
attacker would use: anchors and aliases (a few hundred bytes of nested aliases expand
to gigabytes — "billion laughs"), nesting deep enough to exhaust Python's recursion,
duplicate mapping keys (silently, the later one wins), oversized documents, and values
that make the constructor raise a bare ``ValueError`` (``2022-13-45``, a 5,000-digit
integer). Every refusal is a :class:`PackYAMLError`, a ``yaml.MarkedYAMLError``, so the
callers' existing YAML error path (``line N, column M: not valid YAML (...)``) reports it.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode

MAX_BYTES = 2_000_000  # the bundled pack is ~60 KB; uploads are capped lower (1 MB) anyway
MAX_DEPTH = 50  # the bundled pack nests ~6 deep; Python's recursion gives out in the hundreds


class PackYAMLError(yaml.MarkedYAMLError):
    """YAML refused as unsafe or ambiguous; ``problem`` says why, ``problem_mark`` where."""

    def __init__(self, problem: str, mark: yaml.Mark | None = None) -> None:
        super().__init__(problem=problem, problem_mark=mark)


class PackLoader(yaml.SafeLoader):
    """``SafeLoader`` with no anchors or aliases, bounded depth and unique keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        # Checked here, as each node is composed, so an alias is refused before anything
        # is expanded and deep nesting before the composer's recursion can overflow.
        event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in the stubs
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise PackYAMLError(
                f"anchors and aliases (&{event.anchor}, *{event.anchor}) are not allowed "
                "in a policy pack; write the value out in full", event.start_mark)
        if self._depth >= MAX_DEPTH:
            raise PackYAMLError(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: dict[tuple[type, Hashable], yaml.Mark] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, ScalarNode):
                continue  # a complex key: the base class refuses it if unhashable
            key = self.construct_object(key_node)
            tagged = (type(key), key)  # so that `1` and `true` are not the same key
            if tagged in seen:
                raise PackYAMLError(
                    f"duplicate key {key!r} (first at line {seen[tagged].line + 1})",
                    key_node.start_mark)
            seen[tagged] = key_node.start_mark
        return super().construct_mapping(node, deep)

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as exc:  # e.g. a date 2022-13-45
            what = repr(node.value[:40]) if isinstance(node, ScalarNode) else "this value"
            raise PackYAMLError(f"cannot read {what}: {exc}", node.start_mark) from exc


def load(text: str) -> Any:
    """Parse one YAML document with :class:`PackLoader`; raises :class:`PackYAMLError`
    (or another ``yaml.YAMLError`` for plain syntax errors)."""
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise PackYAMLError(f"the document is {size:,} bytes; the limit is {MAX_BYTES:,}")
    loader = PackLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
