"""Named errors of the project, in one place.

``InputError`` is the one clear error for bad input: the CLI turns it into a
message naming the file and a non-zero exit code. Everything else that
escapes is a bug.
"""

from __future__ import annotations

from pathlib import Path


class InputError(ValueError):
    """Bad input: names the offending file (or field) and the reason."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class LayerValidationError(InputError):
    """A layer (built or imported) does not match the schema."""


class StoreError(InputError):
    """The store (a PostgreSQL URL) cannot be used: unreachable, no PostGIS, bad URL; names the URL, password hidden."""


class BuildLockedError(RuntimeError):
    """Another build or import holds the layer's lock."""
