"""Text from outside (drafts, paths, messages) made safe for a log line or a terminal.

A draft may hold control characters: CR/LF would forge log lines, ESC sequences would
recolour, move or retitle the reader's terminal. Logs get visible escapes (``\\x1b``);
the terminal gets one visible symbol per character, so highlight offsets stay right.
"""

from __future__ import annotations

_LINE_BREAKS = (0x85, 0x2028, 0x2029)
_FOR_LOG = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F)} | {
    c: f"\\u{c:04x}" for c in _LINE_BREAKS}
# U+2400.. are the Control Pictures (␛ for ESC); C1 controls (CSI is 0x9B) become U+FFFD.
_FOR_TERMINAL = ({c: 0x2400 + c for c in range(0x20) if chr(c) not in "\n\t"}
                 | {0x7F: 0x2421} | {c: 0xFFFD for c in range(0x80, 0xA0)}
                 | {c: 0xFFFD for c in _LINE_BREAKS if c >= 0xA0})


def for_log(value: str) -> str:
    """Every control character and Unicode line break as a visible escape."""
    return value.translate(_FOR_LOG)


def for_terminal(value: str) -> str:
    """Control characters as visible symbols, one for one; newlines and tabs kept."""
    return value.translate(_FOR_TERMINAL)
