"""Records, provenance and number parsing shared by every document kind."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache
from typing import Any, TypeVar


class ExtractionError(Exception):
    """The document could not be understood; names the file and the 1-based line (and the
    page, where a part of a paged document was set aside)."""

    def __init__(self, source_file: str, line: int, message: str,
                 page: int | None = None) -> None:
        super().__init__(f"{source_file}:{line}: {message}")
        self.source_file = source_file
        self.line = line
        self.message = message
        self.page = page

    def __reduce__(self):  # pickled by its own arguments: it crosses process boundaries
        return type(self), (self.source_file, self.line, self.message, self.page)


class NothingOfKind(ExtractionError):
    """The pages hold none of the kind's tables (a budget's prose naming its 决算, a 决算's
    page naming a 绩效评价报告): nothing of that kind was refused, there is none."""


@dataclass(frozen=True)
class SourceDocument:
    """One raw document: its name relative to the raw folder, its bytes' hash and its text;
    a PDF's also its layout (pages, tables, cells; `layout.Layout`), whose lines are the text."""

    source_file: str
    sha256: str
    text: str
    layout: Any = field(default=None, compare=False, repr=False)

    @classmethod
    def from_bytes(cls, source_file: str, data: bytes) -> SourceDocument:
        if data[:1024].lstrip().startswith(b"%PDF-"):
            from .pdf_reader import read_pdf  # pdfplumber is imported for PDFs only

            layout = read_pdf(source_file, data)
            return cls(source_file, hashlib.sha256(data).hexdigest(), layout.text, layout)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ExtractionError(source_file, line, "not UTF-8 text (GBK or binary?)") from exc
        return cls(source_file, hashlib.sha256(data).hexdigest(), text)

    @property
    def lines(self) -> list[str]:
        """Lines without their ends; index i is line i + 1. CRLF and CR count as one end."""
        return list(self._lines)

    @cached_property
    def _lines(self) -> tuple[str, ...]:
        # Split once: the classifier and the extractor both read the lines.
        return tuple(self.unix_text.split("\n"))

    @cached_property
    def unix_text(self) -> str:
        """The text with every line end a "\\n": line i + 1 is what precedes its i-th "\\n"."""
        text = self.text
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text


def line_indices(text: str, pattern: re.Pattern[str], *, line_start: bool = False) -> list[int]:
    """0-based indices of the lines of `text` ("\\n" ends a line) where `pattern` matches; the
    pattern must not match across a line end. One regex scan instead of a test per line.
    With line_start, only matches that only whitespace precedes on their line count (see
    search_line_start; the pattern must then start with a character that is not whitespace)."""
    found: list[int] = []
    line = pos = 0
    for m in pattern.finditer(text):
        if line_start and not at_line_start(text, m):
            continue
        line += text.count("\n", pos, m.start())
        pos = m.start()
        if not found or found[-1] != line:
            found.append(line)
    return found


def at_line_start(text: str, m: re.Match[str]) -> bool:
    """Whether only whitespace precedes the match on its line."""
    start = text.rfind("\n", 0, m.start()) + 1
    return start == m.start() or text[start:m.start()].isspace()


def search_line_start(pattern: re.Pattern[str], text: str, pos: int = 0) -> re.Match[str] | None:
    """The first match of `pattern` at or after `pos` (a line start) that only whitespace
    precedes on its line: on the line `^[^\\S\\n]*` + pattern (re.M) finds first. The engine
    tries a pattern led by ^ at every position of the text; one led by a character jumps from
    one occurrence of that character to the next, several times faster on long texts."""
    m = pattern.search(text, pos)
    while m is not None and not at_line_start(text, m):
        m = pattern.search(text, m.start() + 1)
    return m


def squash(text: str) -> str:
    """The text without any whitespace (as removing every regex whitespace match, faster)."""
    return "".join(text.split())


# Whitespace within one line (regex \s is str.isspace, as str.split's whitespace).
INLINE_SPACE = r"[^\S\n]*"


def spaced(word: str) -> str:
    """A regex for `word` printed with any whitespace between its characters: matched against a
    line, it finds what `word in squash(line)` finds, without squashing every line first."""
    return INLINE_SPACE.join(map(re.escape, word))


@dataclass(frozen=True, kw_only=True)
class Record:
    """Provenance carried by every extracted row.

    `seq` is the row's position in its document (per table), so a table can be printed back
    in the order the document shows it. Lines are 1-based and inclusive.
    """

    source_file: str
    source_sha256: str
    document_kind: str
    line_start: int
    line_end: int
    seq: int

    @classmethod
    def build(cls: type[R], doc: SourceDocument, kind: str, line_start: int, line_end: int,
              seq: int, /, **fields: Any) -> R:
        """The row `cls(**fields, **provenance(doc, kind, line_start, line_end, seq))`, built
        without the keyword dictionaries those calls make; @fast_init classes replace this with
        a generated method whose keyword-only parameters are the class's other fields."""
        return cls(**fields, **provenance(doc, kind, line_start, line_end, seq))


R = TypeVar("R", bound=Record)


PROVENANCE_FIELDS = ("source_file", "source_sha256", "document_kind", "line_start", "line_end",
                     "seq")


def fast_init(cls: type[R]) -> type[R]:
    """Give a frozen keyword-only record class an __init__ and a `build` that fill the instance
    dict directly.

    The __init__ a frozen dataclass gets sets every field through object.__setattr__ (a third
    of a microsecond a field, a tenth of all extraction work); this one stores the same values
    under the same names, and the class stays frozen (assigning a field afterwards raises).

    A class call with keywords still costs about twice what the stores do: CPython 3.11 passes a
    class call's keywords as a dict (and compiles any call with more than 15 keywords, or with
    **provenance(...), into building one), which __init__ then takes apart again. A method
    call passes keywords by name, without a dict, as long as the call names at most 28
    arguments and its class is defined in the calling module (CPython 3.11 compiles calls on an
    imported name as attribute loads, which do build the dict). So a row is built as

        Row.build(doc, KIND, line_start, line_end, seq, name=..., value=...)

    the provenance positional as provenance() takes it, every other field by keyword: about
    11,000 instructions for a 21-field row instead of 22,000, the same instance as Row(...).
    """
    fields = dataclasses.fields(cls)
    if any(not f.init or not f.kw_only or f.default_factory is not dataclasses.MISSING
           for f in fields):
        raise TypeError(f"{cls.__name__}: fast_init needs init, keyword-only, no factories")
    names = [f.name for f in fields]
    if tuple(names[:len(PROVENANCE_FIELDS)]) != PROVENANCE_FIELDS:
        raise TypeError(f"{cls.__name__}: fast_init needs the Record fields first")
    own = names[len(PROVENANCE_FIELDS):]
    stores = "".join(f"    d[{n!r}] = {n}\n" for n in own)
    source = (
        f"def __init__(self, *, {', '.join(names)}):\n    d = self.__dict__\n"
        + "".join(f"    d[{n!r}] = {n}\n" for n in names)
        + f"def build(cls, doc, kind, line_start, line_end, seq, /, *, {', '.join(own)}):\n"
        "    self = _new(cls)\n    d = self.__dict__\n"  # the same stores, in field order
        "    d['source_file'] = doc.source_file\n    d['source_sha256'] = doc.sha256\n"
        "    d['document_kind'] = kind\n    d['line_start'] = line_start\n"
        "    d['line_end'] = line_end\n    d['seq'] = seq\n"
        + stores + "    return self\n"
    )
    namespace: dict = {"_new": object.__new__}
    exec(source, namespace)
    init, build = namespace["__init__"], namespace["build"]
    defaults = cls.__init__.__kwdefaults__  # plain defaults, if any
    init.__kwdefaults__ = defaults
    build.__kwdefaults__ = {k: v for k, v in (defaults or {}).items() if k in own} or None
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    build.__qualname__ = f"{cls.__qualname__}.build"
    cls.__init__ = init  # type: ignore[misc]
    cls.build = classmethod(build)  # type: ignore[assignment]
    return cls


def provenance(doc: SourceDocument, kind: str, line_start: int, line_end: int, seq: int) -> dict:
    """Keyword arguments for a Record's provenance fields."""
    return {
        "source_file": doc.source_file,
        "source_sha256": doc.sha256,
        "document_kind": kind,
        "line_start": line_start,
        "line_end": line_end,
        "seq": seq,
    }


# A printed amount: digits, maybe thousands separators and decimals ('1,234.50', '-3').
NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")  # no captures: faster


def is_number(token: str) -> bool:
    return is_number_token(token.strip())


def is_number_token(token: str) -> bool:
    """NUMBER.match(token) for a stripped token. Most amounts are plain ("579.29"): str.isdecimal
    (the regex's \\d, Unicode Nd) tells those at half the cost of a regex match. Most other
    tokens are words: NUMBER's whole part starts with a sign or a digit and ends with a digit,
    so a token whose whole part does not is refused without the regex."""
    whole, dot, fraction = token.partition(".")
    if whole.isdecimal() and (not dot or fraction.isdecimal()):
        return True
    if not whole or not whole[-1].isdecimal() or not (whole[0].isdecimal() or whole[0] in "+-"):
        return False
    return NUMBER.match(token) is not None


# Scores, weights and amounts recur ("18.00", "100.00"): most tokens find their value here.
AMOUNT_TOKENS_KEPT = 1 << 14


@lru_cache(maxsize=AMOUNT_TOKENS_KEPT)
def amount_token(token: str) -> Decimal | None:
    """The amount a stripped token prints (is_number_token; thousands separators dropped, the
    printed scale kept), or None when it prints no number. A pure function of the text."""
    if not is_number_token(token):
        return None
    return Decimal(token.replace(",", ""))


def parse_decimal(token: str, *, source_file: str = "?", line: int = 0) -> Decimal | None:
    """A printed amount as Decimal, keeping its printed scale ('168.00' stays 168.00).

    Thousands separators are dropped; '-' and '' (a cell the form leaves empty) give None.
    """
    t = token.strip()
    if t in {"", "-", "—", "--", "/"}:
        return None
    if not is_number_token(t):
        raise ExtractionError(source_file, line, f"expected a number, found {token!r}")
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise ExtractionError(source_file, line, f"bad number {token!r}") from exc


@dataclass
class Extraction:
    """What one document yields: rows per raw table name."""

    document_kind: str
    tables: dict[str, list[Record]] = field(default_factory=dict)
    # Parts set aside while the rest loads (a form bound in a budget that could not be read),
    # each naming its page and why: the load records them in raw.load_errors.
    set_aside: list[ExtractionError] = field(default_factory=list)

    def add(self, table: str, row: Record) -> None:
        self.rows(table).append(row)

    def rows(self, table: str) -> list[Record]:
        """The table's rows so far, made empty on first use: a loop adding many rows appends
        to it directly, a row's seq being its position in it plus one."""
        rows = self.tables.get(table)  # not setdefault: no new list per call
        if rows is None:
            rows = self.tables[table] = []
        return rows
