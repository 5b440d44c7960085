"""A refused value that names its field, so that a page can put the message beside it."""

from __future__ import annotations


class FieldError(ValueError):
    """``ValueError`` whose ``field`` says which input was refused ("x", "w", "b", "y", "η",
    "loss", ...); the message is for people and names the field too."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field
