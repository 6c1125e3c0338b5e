"""A faster reader of PDF page content streams, giving pdfminer's interpreter exactly the same operands.

Why: on our reports two thirds of pdfminer's layout time is its byte-by-byte PostScript tokenizer
(``PSBaseParser``: a state machine with a debug log call per token). Here one regular expression splits a
whole content stream into tokens, and the operators run through pdfminer's own ``do_*`` handlers on the
same interpreter state, so every char, line, rect and curve comes out as before. Most streams are cut
by a single ``findall`` (``_texts``), each token's value looked up by its text; streams where a token's
meaning depends on its position go through the match-by-match ``_scan``.

Exactness first: pdfminer's tokenizer has quirks (tokens cut at stream ends, a CR-LF after a backslash
split by its 4096-byte buffer, hex strings ended by anything, unterminated strings dropped at EOF, inline
images). Wherever a stream comes near one of them, ``tokenize`` returns None and the page is interpreted by
pdfminer's own parser: the fast path only runs where it is provably the same.
"""

from __future__ import annotations

import logging
import re

from pdfminer import settings
from pdfminer.pdfinterp import PDFInterpreterError, PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import KWD, LIT, PSKeyword, PSLiteral

log = logging.getLogger(__name__)

_BUFSIZ = 4096  # pdfminer reads each stream in chunks of this size (PSBaseParser.BUFSIZ)

# One token per match, the alternatives in the order pdfminer's _parse_main tests the first byte.
_PREFIX = rb"(?:[\s\x00]+|%[^\r\n]*)*"  # whitespace, NUL bytes and comments before the token
_ALTERNATIVES = [
    (b"lit", rb"/[^/%\[\]()<>{}\s]*"),
    (b"num", rb"[-+][0-9]*(?:\.[0-9]*)?|[0-9]+(?:\.[0-9]*)?|\.[0-9]*"),
    (b"kw", rb"[A-Za-z][^#/%\[\]()<>{}\s]*"),
    (b"str", rb"\((?:[^()\\]|\\.)*\)"),
    (b"nested", rb"\("),
    (b"dopen", rb"<<"),
    (b"hex", rb"<[\s0-9a-fA-F]*"),
    (b"dclose", rb">>"),
    (b"gt", rb">"),
    (b"other", rb"."),
    (b"end", rb"\Z"),
]
_TOKEN = re.compile(
    _PREFIX + rb"(?:" + b"|".join(rb"(?P<%s>%s)" % (name, alt) for name, alt in _ALTERNATIVES) + rb")", re.S
)
# The same tokens as _TOKEN, as text only: ``findall`` cuts a whole stream in one call (see _texts).
_TOKEN_TEXT = re.compile(_PREFIX + rb"(" + b"|".join(rb"(?:%s)" % alt for _, alt in _ALTERNATIVES) + rb")", re.S)
_END_STRING = re.compile(rb"[()\\]")
_LIT_HEX = re.compile(rb"#([0-9a-fA-F]{0,2})")
_HEX_PAIR = re.compile(rb"[0-9a-fA-F]{2}|.", re.S)
_SPACE = re.compile(rb"\s")
_OCTAL = re.compile(rb"[0-7]{1,3}")
_ESCAPES = {b"n": 10, b"r": 13, b"t": 9, b"b": 8, b"f": 12, b"(": 40, b")": 41, b"\\": 92}

_ARRAY_BEGIN, _ARRAY_END = KWD(b"["), KWD(b"]")
_DICT_BEGIN, _DICT_END = KWD(b"<<"), KWD(b">>")
_PROC_BEGIN, _PROC_END = KWD(b"{"), KWD(b"}")
_OPEN = {_ARRAY_BEGIN: "a", _DICT_BEGIN: "d", _PROC_BEGIN: "p"}
_CLOSE = {_ARRAY_END: "a", _DICT_END: "d", _PROC_END: "p"}
_INLINE_IMAGE = {KWD(b"BI"), KWD(b"ID")}
_SPECIAL = set(_OPEN) | set(_CLOSE) | _INLINE_IMAGE
_NUMBERS: dict[bytes, int | float] = {}  # token text -> value: page after page prints the same numbers
_KEYWORDS: dict[bytes, PSKeyword | bool] = {}


class _Unsure(Exception):
    """The stream comes near a quirk of pdfminer's tokenizer: let pdfminer read it."""


def _string(data: bytes, i: int) -> tuple[bytes, int]:
    """A literal string starting after its '(' at ``i``: (bytes, position after the closing ')').

    Decoded as pdfminer does: octal escapes of up to 3 digits, the usual letter escapes, backslash-CR-LF
    dropped, and a backslash before any other byte drops both.
    """
    out = bytearray()
    depth = 1
    while True:
        m = _END_STRING.search(data, i)
        if m is None:
            raise _Unsure("unterminated string")
        j = m.start()
        out += data[i:j]
        c = data[j : j + 1]
        if c == b"(":
            depth += 1
            out += c
            i = j + 1
        elif c == b")":
            depth -= 1
            if depth == 0:
                return bytes(out), j + 1
            out += c
            i = j + 1
        else:
            i = _escape(data, j + 1, out)


def _escape(data: bytes, i: int, out: bytearray) -> int:
    """Decode the escape after a backslash at ``i - 1`` into ``out``; the position after it."""
    m = _OCTAL.match(data, i)
    if m:
        code = int(m.group(), 8)
        if code > 255:
            raise _Unsure("octal escape above 255")  # pdfminer asserts on it
        out.append(code)
        return m.end()
    c = data[i : i + 1]
    if not c:
        raise _Unsure("backslash at the end of a stream")
    if c in _ESCAPES:
        out.append(_ESCAPES[c])
    elif c == b"\r" and data[i + 1 : i + 2] == b"\n":
        if (i + 1) % _BUFSIZ == 0:
            raise _Unsure("backslash-CR-LF split by pdfminer's buffer")
        return i + 2
    return i + 1


def _literal(raw: bytes) -> PSLiteral:
    """A name (without its slash), '#xx' escapes decoded as pdfminer does ('#' with no hex digit drops)."""
    if b"#" in raw:
        raw = _LIT_HEX.sub(lambda m: bytes((int(m.group(1), 16),)) if m.group(1) else b"", raw)
    try:
        return LIT(str(raw, "utf-8"))
    except UnicodeDecodeError:
        return LIT(raw)


def _simple_string(body: bytes) -> bytes:
    """The bytes of a string without nested parentheses; escapes decoded as pdfminer does."""
    if b"\\" not in body:
        return body
    out = bytearray()
    i = 0
    while True:
        j = body.find(b"\\", i)
        if j < 0:
            out += body[i:]
            return bytes(out)
        out += body[i:j]
        i = _escape(body, j + 1, out)


def _tokens(data: bytes, last: bool, out: list) -> None:
    """Append the tokens of one stream to ``out``, as pdfminer's PSBaseParser yields them (no positions)."""
    if _texts(data, out):
        return
    n = len(data)
    pos = 0
    while pos < n:
        pos = _scan(data, pos, n, last, out)


_DROP = object()  # a token pdfminer yields nothing for (a sign or dot alone, '>', the end)
_VALUES: dict[bytes, object] = {}  # token text -> value, for tokens whose value depends on the text only
_LAST_UNSURE = (b"/", b"<", b">")  # tokens whose meaning at a stream's end depends on the next stream


def _value(text: bytes) -> object:
    """The value of a name, number, keyword, '<<', '>>', '>' or other byte token (what _scan appends)."""
    first = text[:1]
    if first == b"/":
        return _literal(text[1:])
    if text == b"<<":
        return _DICT_BEGIN
    if text == b">>":
        return _DICT_END
    if text == b">" or not text:
        return _DROP
    if first in b"+-.0123456789":
        try:
            return float(text) if b"." in text else int(text)
        except ValueError:
            return _DROP  # a sign or a dot alone: pdfminer drops it
    if first.isalpha():
        return True if text == b"true" else False if text == b"false" else KWD(text)
    return KWD(text)


def _texts(data: bytes, out: list) -> bool:
    """The common case of ``_tokens``, without a Python step per regex match: False (``out`` untouched)
    when the stream needs _scan (a string with nested parentheses or a backslash-CR, or a last token
    whose meaning depends on where the stream ends).

    ``_TOKEN_TEXT`` cuts the stream as ``_TOKEN`` does; each token's text gives its value (remembered:
    reports print the same numbers and operators over and over); strings and hex strings are decoded.
    """
    texts = _TOKEN_TEXT.findall(data)
    if len(texts) > 1 and texts[-2][:1] in _LAST_UNSURE:
        return False  # texts[-1] is the end of the stream (b"")
    start = len(out)
    append = out.append
    values = _VALUES
    strings: dict[bytes, bytes] = {}
    for text in texts:
        value = values.get(text)
        if value is None:
            first = text[:1]
            if first == b"(":
                value = strings.get(text)
                if value is None:
                    if len(text) == 1 or b"\\\r" in text:
                        del out[start:]
                        return False
                    value = strings[text] = _simple_string(text[1:-1])
                append(value)
                continue
            if first == b"<" and text != b"<<":
                body = _SPACE.sub(b"", text[1:])
                append(_HEX_PAIR.sub(lambda p: bytes((int(p.group(), 16),)), body))
                continue
            value = values[text] = _value(text)
        if value is not _DROP:
            append(value)
    return True


def _scan(data: bytes, pos: int, n: int, last: bool, out: list) -> int:
    """Tokens from ``pos`` on, until the end or a string with nested parentheses (returns where to go on)."""
    append = out.append
    numbers, keywords = _NUMBERS, _KEYWORDS
    for m in _TOKEN.finditer(data, pos):
        kind = m.lastgroup
        if kind == "num":
            text = m.group(kind)
            value = numbers.get(text)
            if value is None:
                try:
                    value = numbers[text] = float(text) if b"." in text else int(text)
                except ValueError:
                    continue  # a sign or a dot alone: pdfminer drops it
            append(value)
        elif kind == "kw":
            word = m.group(kind)
            token = keywords.get(word)
            if token is None:
                token = keywords[word] = True if word == b"true" else False if word == b"false" else KWD(word)
            append(token)
        elif kind == "str":
            body = m.group(kind)[1:-1]
            if b"\\\r" in body:  # backslash-CR: decode position by position (pdfminer's buffer edge)
                value, _ = _string(data, m.start(kind) + 1)
            else:
                value = _simple_string(body)
            append(value)
        elif kind == "lit":
            name = m.group(kind)[1:]
            if m.end() == n and (not name or b"#" in name[-2:]):
                raise _Unsure("name cut by a stream end")  # pdfminer reads on into the next stream
            append(_literal(name))
        elif kind == "nested":
            value, end = _string(data, m.end())
            append(value)
            return end
        elif kind == "hex":
            if m.end() == n:
                raise _Unsure("hex string or '<' at a stream end")
            body = _SPACE.sub(b"", m.group(kind)[1:])
            append(_HEX_PAIR.sub(lambda p: bytes((int(p.group(), 16),)), body))
        elif kind == "dopen":
            append(_DICT_BEGIN)
        elif kind == "dclose":
            append(_DICT_END)
        elif kind == "gt":
            if m.end() == n and not last:
                raise _Unsure("'>' at a stream end")
        elif kind == "other":
            append(KWD(m.group(kind)))
    return n


def _objects(tokens: list) -> list:
    """Tokens -> top-level objects (arrays, dicts and procedures built), as PSStackParser.nextobject does."""
    stack: list[tuple[str | None, list]] = []
    current: list = []
    kind: str | None = None
    top: list = []
    for token in tokens:
        if token.__class__ is PSKeyword and token in _SPECIAL:
            if token in _OPEN:
                stack.append((kind, current))
                kind, current = _OPEN[token], []
                continue
            if token in _INLINE_IMAGE:
                raise _Unsure("inline image")
            if kind != _CLOSE[token]:
                raise _Unsure("unbalanced brackets")
            value = current
            if kind == "d":
                if len(value) % 2 or not all(isinstance(k, PSLiteral) for k in value[::2]):
                    raise _Unsure("malformed dictionary")
                value = {_name(k): v for k, v in zip(value[::2], value[1::2], strict=True) if v is not None}
            kind, current = stack.pop()
            token = value
        if stack:
            current.append(token)
        else:
            top.append(token)
    if stack:
        raise _Unsure("unclosed array or dictionary at the end")
    return top


def _name(literal: PSLiteral) -> str:
    """pdfminer's literal_name for a dictionary key."""
    name = literal.name
    if isinstance(name, str):
        return name
    try:
        return str(name, "utf-8")
    except UnicodeDecodeError:
        return str(name)


def tokenize(streams: list) -> list | None:
    """The top-level objects of the page's content streams, or None where only pdfminer's parser is sure."""
    try:
        tokens: list = []
        for k, stream in enumerate(streams):
            _tokens(stream_value(stream).get_data(), k == len(streams) - 1, tokens)
        return _objects(tokens)
    except _Unsure as why:
        log.debug("content stream left to pdfminer's parser: %s", why)
        return None


class FastInterpreter(PDFPageInterpreter):
    """pdfminer's page interpreter with the content streams tokenized by ``tokenize``.

    Operators go to pdfminer's own handlers with the same argument stack; Form XObjects get a
    FastInterpreter too (pdfminer creates sub-interpreters with ``self.__class__``).
    """

    def execute(self, streams) -> None:
        """Run the page's operators; falls back to pdfminer's parser where ``tokenize`` is unsure."""
        valid = [
            s for s in (stream_value(obj) for obj in streams)
            if s.objid is not None and s.objid not in self.parent_stream_ids
        ]
        objects = tokenize(valid)
        if objects is None:
            super().execute(streams)
            return
        self.stream_ids.clear()
        self.stream_ids.update(s.objid for s in valid)
        handlers: dict[PSKeyword, tuple | None] = {}
        for obj in objects:
            if not isinstance(obj, PSKeyword):
                self.argstack.append(obj)
                continue
            handler = handlers.get(obj, False)
            if handler is False:
                handler = handlers[obj] = self._handler(obj)
            if handler is None:
                continue
            func, nargs = handler
            if nargs:
                args = self.pop(nargs)
                if len(args) == nargs:
                    func(*args)
            else:
                func()

    def _handler(self, keyword: PSKeyword) -> tuple | None:
        """The bound do_* method of an operator and its argument count (None when there is none)."""
        name = str(keyword.name, "utf-8", "ignore")
        method = "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q")
        if not hasattr(self, method):
            if settings.STRICT:
                raise PDFInterpreterError(f"Unknown operator: {name!r}")
            return None
        func = getattr(self, method)
        return func, func.__code__.co_argcount - 1
