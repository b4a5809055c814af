"""Texts edited as content, not code: the help (FAQ) and the service terms, as Markdown files.

- `pomoc/*.md`: one question per file, shown in file-name order on /pomoc.
- `regulamin/<version>.md`: one file per version of the terms; the newest name is the current version.
  Publishing a new version is adding a file: every user is asked to accept it at their next log-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CONTENT_DIR = Path(__file__).parent


@dataclass(frozen=True)
class Terms:
    version: str
    text: str


@lru_cache(maxsize=1)
def help_sections() -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8") for path in sorted((CONTENT_DIR / "pomoc").glob("*.md")))


def terms_versions() -> list[str]:
    """Every published version, the newest first."""
    return sorted((path.stem for path in (CONTENT_DIR / "regulamin").glob("*.md")), reverse=True)


@lru_cache(maxsize=1)
def current_terms() -> Terms:
    version = terms_versions()[0]
    return Terms(version, (CONTENT_DIR / "regulamin" / f"{version}.md").read_text(encoding="utf-8"))
