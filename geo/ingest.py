"""Save uploaded articles into the articles folder, safely.

An upload's name is untrusted: it is reduced to a plain file name of safe
characters (``../../x`` becomes ``x.txt``), it must end in .txt or .html,
and it never overwrites an existing article (a numeric suffix is added).
Size and count limits are checked before anything is written, and each
file is written atomically. ``add_articles`` saves and rebuilds in one step, and takes the saved files
back out when the rebuild fails, so the folder stays in step with the map.
This module does not parse articles itself.
"""

from __future__ import annotations

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
    for index, (name, data) in enumerate(files):
        problem = _problem(name, data, index)
        if problem:
            results.append(Skipped(name, problem))
            continue
        target = _free_path(folder, safe_name(name))
        atomic_write_bytes(target, data)
        results.append(target)
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


def _free_path(folder: Path, name: str) -> Path:
    """``folder/name``, or ``folder/stem-2.ext`` … if taken; always inside folder."""
    stem, _, suffix = name.rpartition(".")
    candidate = folder / name
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}.{suffix}"
        n += 1
    assert candidate.resolve().parent == folder.resolve()
    return candidate


@dataclass
class AddResult:
    """What ``add_articles`` did: per-upload results, the build report or the error."""

    saved: list[Path | Skipped] = field(default_factory=list)
    report: BuildReport | None = None
    error: str = ""


def add_articles(files: Sequence[tuple[str, bytes]], folder: Path, layer_path: Path) -> AddResult:
    """Save uploads into ``folder`` and rebuild the layer at ``layer_path``.

    The build writes the layer atomically, so a failed rebuild leaves the map
    as it was; the files just saved are then removed again.
    """
    from geo.cli import build  # cli imports the whole pipeline; only needed here

    result = AddResult(saved=save_uploads(files, folder))
    new = [item for item in result.saved if isinstance(item, Path)]
    if not new:
        result.error = "No file was added, so the map was not rebuilt."
        return result
    try:
        result.report = build(folder, layer_path)
    except (BuildLockedError, InputError) as exc:
        for path in new:
            path.unlink(missing_ok=True)
        result.error = f"Rebuild failed, so the files were not added and the map is unchanged: {exc}"
    return result
