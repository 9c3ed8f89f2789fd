"""Presentation (zone-file) format: the tokenizer and helpers every record type parses with.

Only the lexical rules of RFC 1035 section 5.1 live here: quoting, ``\\X`` and ``\\DDD``
escapes, parentheses continuing a record over several lines, ``;`` comments. Each record type
knows its own RDATA grammar and reads it from a :class:`Tokens` stream.
"""

from __future__ import annotations

import base64
import binascii
import re

from ._errors import TextSyntaxError
from ._names import ROOT, name_from_text, name_labels

__all__ = ["Token", "Tokens", "quote_string", "split_records"]

# Blanks are RFC 1035's (space, tab; CR and LF): not every Unicode space (``\s``), which
# would split a TXT word at a no-break space that belongs to it.
_TOKEN = re.compile(
    r"""
    [ \t\r\n]*(?:
        (?P<q>"(?:[^"\\]|\\.)*")          # quoted string
      | (?P<c>;[^\n]*)                     # comment
      | (?P<p>[()])                        # parenthesis
      | (?P<w>(?:[^ \t\r\n"();\\]|\\.)+)  # word, escapes allowed
      | (?P<bad>[^ \t\r\n])
    )
    """,
    re.VERBOSE | re.DOTALL,
)
#: An escape: ``\DDD``, ``\X`` (X not a digit), or a malformed one (too few digits, or none).
_ESCAPE = re.compile(r"\\([0-9]{3}|[^0-9]|[0-9]{0,2})", re.DOTALL)


class Token:
    """One token: its text with escapes still in place, and whether it was quoted."""

    __slots__ = ("quoted", "text")

    def __init__(self, text: str, quoted: bool = False) -> None:
        self.text = text
        self.quoted = quoted

    def __repr__(self) -> str:
        return f"Token({self.text!r}, quoted={self.quoted})"

    def to_bytes(self) -> bytes:
        """The token's octets with escapes resolved (for character-strings)."""
        return unescape(self.text)


def unescape(text: str) -> bytes:
    """Resolve ``\\X`` and ``\\DDD`` escapes; other characters are encoded as UTF-8."""
    if "\\" not in text:
        return text.encode("utf-8")
    out = bytearray()
    pos = 0
    for m in _ESCAPE.finditer(text):
        out += text[pos : m.start()].encode("utf-8")
        seq = m.group(1)
        if len(seq) == 3:
            value = int(seq)
            if value > 255:
                raise TextSyntaxError("escape out of range", m.group(0))
            out.append(value)
        elif len(seq) == 1 and not "0" <= seq <= "9":
            out += seq.encode("utf-8")
        else:
            raise TextSyntaxError("bad escape (\\DDD needs three digits)", text)
        pos = m.end()
    out += text[pos:].encode("utf-8")
    return bytes(out)


def tokenize(text: str) -> list[Token]:
    """Split presentation text into tokens, dropping comments and parentheses."""
    tokens: list[Token] = []
    depth = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "w":
            tokens.append(Token(m.group("w")))
        elif kind == "q":
            tokens.append(Token(m.group("q")[1:-1], quoted=True))
        elif kind == "p":
            depth += 1 if m.group("p") == "(" else -1
            if depth < 0:
                raise TextSyntaxError("unbalanced ')'", text)
        elif kind == "bad":
            raise TextSyntaxError("unexpected character", m.group("bad"))
    if depth:
        raise TextSyntaxError("unbalanced '('", text)
    return tokens


def split_records(text: str) -> list[str]:
    """Split zone text into logical records (joining parenthesised continuation lines).

    Leading whitespace is kept, because it means "same owner as the previous record".
    """
    records: list[str] = []
    current: list[str] = []
    depth = 0
    # Lines end at LF (CR LF too), not at every Unicode line boundary (str.splitlines() also
    # splits at U+2028, form feed...), which may stand inside a quoted string.
    for line in text.split("\n"):
        stripped, delta = _scan_line(line.removesuffix("\r"))
        depth += delta
        current.append(stripped)
        if depth <= 0:
            joined = " ".join(current) if len(current) > 1 else current[0]
            if joined.strip():
                records.append(joined)
            current = []
            depth = 0
    if current and " ".join(current).strip():
        raise TextSyntaxError("unbalanced '(' at end of zone text", current[0])
    return records


def _scan_line(line: str) -> tuple[str, int]:
    """*line* without its comment, and how much it changes the parenthesis depth (parentheses
    and semicolons inside quotes or after a backslash do not count)."""
    if ";" not in line and "(" not in line and ")" not in line:
        return line, 0
    in_quote = False
    escaped = False
    delta = 0
    for i, ch in enumerate(line):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            in_quote = not in_quote
        elif in_quote:
            continue
        elif ch == ";":
            return line[:i], delta
        elif ch == "(":
            delta += 1
        elif ch == ")":
            delta -= 1
    return line, delta


def quote_string(data: bytes) -> str:
    """A character-string in presentation form: quoted, with ``"`` and ``\\`` escaped and
    octets outside printable ASCII written ``\\DDD`` (as dig prints them)."""
    out = []
    for c in data:
        if c == 0x22 or c == 0x5C:
            out.append("\\" + chr(c))
        elif 0x20 <= c < 0x7F:
            out.append(chr(c))
        else:
            out.append(f"\\{c:03d}")
    return '"' + "".join(out) + '"'


#: ``dig`` splits long hex and base64 fields into chunks of this many characters (``+split``).
SPLIT = 56


def split_text(text: str) -> str:
    """*text* cut into space-separated chunks of :data:`SPLIT` characters, as dig prints it."""
    if len(text) <= SPLIT:
        return text
    return " ".join([text[i : i + SPLIT] for i in range(0, len(text), SPLIT)])


def hex_text(data: bytes) -> str:
    """Upper-case hex, split like dig splits it."""
    return split_text(data.hex().upper())


class Tokens:
    """A cursor over the RDATA tokens of one record, with typed readers.

    Every reader raises :class:`~asyncdns_wire.TextSyntaxError` on bad input.
    """

    __slots__ = ("_pos", "_tokens", "origin")

    def __init__(self, tokens: list[Token], origin: bytes = ROOT) -> None:
        self._tokens = tokens
        self._pos = 0
        self.origin = origin

    @classmethod
    def from_text(cls, text: str, origin: bytes = ROOT) -> Tokens:
        """Tokenize *text* (RDATA only)."""
        return cls(tokenize(text), origin)

    def at_end(self) -> bool:
        """Whether every token has been read."""
        return self._pos >= len(self._tokens)

    def peek(self) -> Token | None:
        """The next token without consuming it, or ``None`` at the end."""
        return self._tokens[self._pos] if self._pos < len(self._tokens) else None

    def next(self, what: str = "a value") -> Token:
        """Consume and return the next token."""
        if self._pos >= len(self._tokens):
            raise TextSyntaxError(f"missing {what}")
        tok = self._tokens[self._pos]
        self._pos += 1
        return tok

    def string(self, what: str = "a string") -> str:
        """The next token's text."""
        return self.next(what).text

    def integer(self, bits: int = 16, what: str = "an integer") -> int:
        """The next token as an unsigned integer that fits in *bits* bits."""
        text = self.string(what)
        if not (text.isascii() and text.isdigit()):
            raise TextSyntaxError(f"expected {what}", text)
        value = int(text)
        if value >= 1 << bits:
            raise TextSyntaxError(f"{what} does not fit in {bits} bits", text)
        return value

    def name(self, what: str = "a domain name") -> bytes:
        """The next token as a domain name, made absolute against the origin."""
        tok = self.next(what)
        return absolute_name(tok.text, self.origin)

    def char_string(self, what: str = "a character-string") -> bytes:
        """The next token as a character-string (at most 255 octets)."""
        data = self.next(what).to_bytes()
        if len(data) > 255:
            raise TextSyntaxError("character-string longer than 255 octets", data[:20].hex())
        return data

    def remaining(self) -> list[Token]:
        """Consume and return every token left."""
        rest = self._tokens[self._pos :]
        self._pos = len(self._tokens)
        return rest

    def base64(self, what: str = "base64 data") -> bytes:
        """The remaining tokens joined and decoded as base64."""
        text = "".join(t.text for t in self.remaining())
        if not text:
            raise TextSyntaxError(f"missing {what}")
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise TextSyntaxError(f"bad {what}", text) from None

    def hex(self, what: str = "hex data", allow_empty: bool = False) -> bytes:
        """The remaining tokens joined and decoded as hexadecimal (``-`` means empty)."""
        text = "".join(t.text for t in self.remaining())
        if text == "-" or (allow_empty and not text):
            return b""
        if not text:
            raise TextSyntaxError(f"missing {what}")
        try:
            return bytes.fromhex(text)
        except ValueError:
            raise TextSyntaxError(f"bad {what}", text) from None

    def end(self) -> None:
        """Check that no tokens are left."""
        if self._pos < len(self._tokens):
            raise TextSyntaxError("unexpected trailing data", self._tokens[self._pos].text)


def _is_absolute(text: str) -> bool:
    """Whether *text* ends with a dot that is not escaped (``a.`` yes, ``a\\.`` no, ``a\\\\.`` yes)."""
    if not text.endswith("."):
        return False
    body = text[:-1]
    return (len(body) - len(body.rstrip("\\"))) % 2 == 0


def absolute_name(text: str, origin: bytes = ROOT) -> bytes:
    """Make a presentation-form name absolute: ``@`` is the origin, a name without a trailing
    dot is relative to it.

    Raises:
        TextSyntaxError: not a valid domain name.
    """
    try:
        if text == "@":
            return origin
        if _is_absolute(text):
            return name_from_text(text)
        relative = name_from_text(text)
        if origin == ROOT:
            return relative
        combined = relative + b"." + origin
        name_labels(combined)
        return combined
    except ValueError as exc:
        raise TextSyntaxError(str(exc), text) from None
