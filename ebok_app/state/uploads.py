"""Files chosen in a form (Reflex's upload), read and checked one by one off the event loop."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from ebok_app.contact.attachments import MAX_BYTES, MAX_FILES
from ebok_app.state.boundary import off_loop


async def checked_uploads(files: list[rx.UploadFile], keep: Callable[[str, bytes], str | None]) -> str:
    """Read each file (one too many and one byte too big still get their Polish message) and hand it
    to `keep` (name, content) in a worker thread; the problems, one per refused file, in one line."""
    problems = []
    for upload in files[: MAX_FILES + 1]:
        data = await upload.read(MAX_BYTES + 1)
        problem = await off_loop(keep, upload.name or "", data)
        if problem:
            problems.append(f"{(upload.name or 'plik')[:60]}: {problem}")
    return " ".join(problems)
