"""What loaders share: the error they raise and the checks every format makes first."""

from __future__ import annotations


class LoadError(Exception):
    """A document that cannot be read; the message is the plain-English reason shown to users."""
