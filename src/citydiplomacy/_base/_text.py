"""Escaping for output: one function per kind of output, used for every string that
comes from a document or a file name.

* :func:`human` for text read by people on a terminal (and in CI logs): control
  characters (C0 including ESC, BEL, CR and newline; DEL; C1), bidirectional
  overrides and isolates, line and paragraph separators, and lone surrogates (file
  names that are not valid UTF-8) are shown escaped (``\\x1b``, ``\\n``, ``\\u202e``,
  ``\\xff``), and a string that would start a line with ``::`` (a GitHub workflow
  command) has its first colon escaped. The result is one line, safe for any UTF-8
  stream, and ordinary text (any script, emoji, joiners) is unchanged.
* :func:`display_name` for output that escapes control characters itself (JSON):
  only what UTF-8 cannot encode (lone surrogates) is escaped, the same way.
* :func:`github_data` and :func:`github_property` for GitHub Actions workflow
  commands: :func:`human`'s escaping, then GitHub's own (``%``, CR, LF; and ``:``,
  ``,`` in properties).
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

__all__ = ["display_name", "github_data", "github_property", "human", "json_text"]

_NAMED: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

#: Characters a terminal or a log viewer may act on, or that change how the rest of
#: the line reads: C0 controls, DEL, C1 controls, the Arabic letter mark, bidi
#: embeddings, overrides and isolates, line and paragraph separators, lone surrogates.
_UNSAFE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)
#: The same, less CR and LF, which GitHub's own escaping carries (``%0D``, ``%0A``).
_UNSAFE_IN_COMMAND: Final = re.compile(
    "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_COMMAND_START: Final = re.compile(r"\A(\s*):(?=:)")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def human(text: str) -> str:
    """``text`` made safe to show to a person: one line, no control sequence, no
    workflow command, encodable as UTF-8 (see the module's description).

    >>> human("Villebelle\\x1b[2J\\n::error::forged")
    'Villebelle\\\\x1b[2J\\\\n::error::forged'
    >>> human("::warning::x")
    '\\\\x3a:warning::x'
    """
    if not text.isprintable() or text.lstrip().startswith("::"):
        text = _UNSAFE.sub(_escape, text)
        text = _COMMAND_START.sub(r"\1\\x3a", text)
    return text


def display_name(text: str) -> str:
    """``text`` with lone surrogates (bytes of a file name that are not UTF-8)
    escaped as :func:`human` does, so that it can be written as UTF-8."""
    return _SURROGATE.sub(_escape, text)


def json_text(value: Any) -> str:
    """``value`` as indented JSON text, non-ASCII written as itself, one trailing newline,
    always valid UTF-8: a lone surrogate in a string is written as :func:`display_name`
    shows it (``"caf\\\\xe9.yaml"``)."""
    text = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    if _SURROGATE.search(text):
        text = _SURROGATE.sub(lambda m: _escape(m).replace("\\", "\\\\"), text)
    return text


def github_data(text: str) -> str:
    """The message of a GitHub Actions workflow command: escaped as :func:`human`
    does, except that line breaks stay line breaks in the annotation (``%0A``)."""
    if not text.isprintable():
        text = _UNSAFE_IN_COMMAND.sub(_escape, text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value (``file=``, ``title=``) of a workflow command."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")
