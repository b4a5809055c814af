"""What a PDF holds beyond pages: scripts, actions that run on opening, launched programs, embedded files.

pypdf parses the file as a viewer would: every object of the cross-reference tables is read, including
the ones packed in compressed object streams, and names written with #xx escapes are decoded. A file
pypdf cannot read, or an encrypted one (its objects cannot be inspected), is not accepted either.
"""

from __future__ import annotations

import io
import logging
from enum import Enum

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject

ACTIVE_KEYS = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/AA",
        "/OpenAction",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
    }
)
ACTIVE_NAMES = frozenset({"/JavaScript", "/Launch", "/EmbeddedFile", "/RichMedia", "/ImportData"})
MAX_OBJECTS = 50_000  # more than any letter or scan a client attaches

logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file is reported to the user, not logged


class PdfVerdict(Enum):
    PLAIN = "plain"
    ACTIVE = "active"
    UNREADABLE = "unreadable"


def _active(value: PdfObject) -> bool:
    """Whether a direct object (references are not followed: every object is inspected on its own)."""
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, IndirectObject):
            continue
        if isinstance(item, NameObject) and item in ACTIVE_NAMES:
            return True
        if isinstance(item, DictionaryObject):
            if ACTIVE_KEYS & set(item.keys()):
                return True
            todo.extend(item.values())
        elif isinstance(item, ArrayObject):
            todo.extend(item)
    return False


def inspect_pdf(data: bytes) -> PdfVerdict:
    """PLAIN, ACTIVE (scripts, actions, launches, embedded files, XFA) or UNREADABLE."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return PdfVerdict.UNREADABLE
        numbers = {num for table in reader.xref.values() for num in table} | set(reader.xref_objStm)
        if len(numbers) > MAX_OBJECTS:
            return PdfVerdict.UNREADABLE
        objects = [reader.trailer, *(reader.get_object(num) for num in sorted(numbers))]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        return PdfVerdict.UNREADABLE
    return PdfVerdict.ACTIVE if any(obj is not None and _active(obj) for obj in objects) else PdfVerdict.PLAIN
