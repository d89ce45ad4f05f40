"""A document's content key: what makes two files one document, whatever their bytes.

Copies of a document that differ only in line ends (CRLF, CR), a UTF-8 byte-order mark or
trailing blanks are the same document. The key is taken from text, so any reader of a
document (the text files here, a PDF's extracted text) can feed it.
"""

from __future__ import annotations

import hashlib

_BOM = "\ufeff"


def normalise(text: str) -> str:
    """The text with "\\n" line ends, no leading BOM, no trailing whitespace on any line and
    no trailing blank lines."""
    text = text.removeprefix(_BOM)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).rstrip("\n")


def content_key(text: str) -> str:
    """sha256 of the normalised text: equal for copies that differ only in layout bytes."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()
