"""Named errors for input the cleaner cannot turn into text. The flow records them; it never crashes."""


class UnreadableInput(Exception):
    """The bytes are not a text document docclean can read."""


class BinaryContent(UnreadableInput):
    """The file is binary (an image, an archive, an office file, or NUL bytes)."""


class RulesError(ValueError):
    """A rules file is malformed; the message names the rule and the allowed values."""


class Refusal(UnreadableInput):
    """A source that gives no text, with the status to record (one of cleaners.formats.STATUSES) and a
    one-line reason (the exception's message)."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
