"""Save uploaded articles into the articles folder, safely.

An upload's name is untrusted: it is reduced to a plain file name of safe
characters (``../../x`` becomes ``x.txt``), it must end in .txt or .html,
and it never overwrites or shadows an existing article: a name whose stem
(the article's source id) is taken gets a numeric suffix.
Size and count limits are checked before anything is written, and each
file is written atomically. ``add_articles`` saves and rebuilds in one step, and takes the saved files
back out when the rebuild fails or skips them, so the folder stays in step
with the map.
This module does not parse articles itself.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from geo import settings
from geo.errors import BuildLockedError, InputError
from geo.layer import atomic_write_bytes
from geo.records import Skipped

if TYPE_CHECKING:
    from geo.cli import BuildReport

ALLOWED_SUFFIXES = (".txt", ".html", ".htm")
MAX_UPLOAD_FILES = 20
MAX_FOLDER_BYTES = 200 * 1024 * 1024  # uploads stop when the articles folder holds this much
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str) -> str:
    """A safe file name for an upload: base name only, ASCII, no leading dots.

    >>> safe_name("../../etc/passwd.txt")
    'passwd.txt'
    """
    base = re.split(r"[\\/]", name)[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = _UNSAFE.sub("_", base).lstrip("._-")[:100]
    stem, dot, suffix = base.rpartition(".")
    if not dot or f".{suffix.lower()}" not in ALLOWED_SUFFIXES:
        stem, suffix = (base or "article"), "txt"
    return f"{stem or 'article'}.{suffix.lower()}"


def save_uploads(files: Sequence[tuple[str, bytes]], folder: Path) -> list[Path | Skipped]:
    """Save uploaded ``(name, data)`` pairs into ``folder``.

    Returns, per upload, the saved path or a ``Skipped`` naming the upload
    and the reason (wrong type, too large, empty, over the count limit).
    """
    folder = Path(folder)
    results: list[Path | Skipped] = []
    used = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    for index, (name, data) in enumerate(files):
        problem = _problem(name, data, index)
        if not problem and used + len(data) > MAX_FOLDER_BYTES:
            problem = f"the articles folder is full ({MAX_FOLDER_BYTES // (1024 * 1024)} MB)"
        if problem:
            results.append(Skipped(name, problem))
            continue
        results.append(_claim(folder, safe_name(name), data))
        used += len(data)
    return results


def _problem(name: str, data: bytes, index: int) -> str:
    if index >= MAX_UPLOAD_FILES:
        return f"more than {MAX_UPLOAD_FILES} files in one upload"
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        return "only .txt and .html articles are accepted"
    if not data.strip():
        return "empty file"
    if len(data) > settings.MAX_ARTICLE_BYTES:
        return f"larger than {settings.MAX_ARTICLE_BYTES // (1024 * 1024)} MB"
    return ""


def _claim(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` under ``name`` in ``folder``, or ``stem-2.ext`` … if taken.

    A name is taken when any article has the same stem, whatever its
    suffix: the stem is the article's source id, and a second file with it
    would replace the first in the build. The name is claimed with a hard
    link, which fails if the name appeared meanwhile (two uploads at once),
    so no upload ever overwrites another file.
    """
    stem, _, suffix = name.rpartition(".")
    tmp = folder / f".upload-{os.getpid()}-{stem}.tmp"
    atomic_write_bytes(tmp, data)
    try:
        for n in range(1, 10_000):
            candidate = folder / (name if n == 1 else f"{stem}-{n}.{suffix}")
            if _stem_taken(folder, candidate.stem):
                continue
            try:
                os.link(tmp, candidate)
            except FileExistsError:
                continue
            return candidate
        raise InputError(folder / name, "no free file name for this upload")
    finally:
        tmp.unlink(missing_ok=True)


def _stem_taken(folder: Path, stem: str) -> bool:
    wanted = stem.casefold()
    return any(p.stem.casefold() == wanted for p in folder.iterdir() if not p.name.startswith("."))


@dataclass
class AddResult:
    """What ``add_articles`` did: per-upload results, the build report or the error."""

    saved: list[Path | Skipped] = field(default_factory=list)
    report: BuildReport | None = None
    error: str = ""


def add_articles(files: Sequence[tuple[str, bytes]], folder: Path, layer_path: Path, *,
                 store: str | None = None) -> AddResult:
    """Save uploads into ``folder`` and rebuild the layer at ``layer_path`` (or into the store at ``store``).

    The build writes the layer atomically (into a store: one transaction),
    so a failed rebuild leaves the map as it was; the files just saved are
    then removed again.
    """
    from geo.cli import build  # cli imports the whole pipeline; only needed here

    result = AddResult(saved=save_uploads(files, folder))
    new = [item for item in result.saved if isinstance(item, Path)]
    if not new:
        result.error = "No file was added, so the map was not rebuilt."
        return result
    try:
        result.report = build(folder, layer_path, store=store)
    except (BuildLockedError, InputError) as exc:
        for path in new:
            path.unlink(missing_ok=True)
        result.error = f"Rebuild failed, so the files were not added and the map is unchanged: {exc}"
        return result
    # An upload the build skipped (no date, no place, unreadable) is taken back
    # out, so the folder holds only what the map shows; the report says why.
    skipped = {item.file for item in result.report.skipped}
    for path in new:
        if path.name in skipped:
            path.unlink(missing_ok=True)
    return result
