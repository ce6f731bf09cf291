"""MHTML (.mht/.mhtml, a browser's "save as single file"): the page's HTML part, as the HTML path reads it.

The MIME structure is read by the standard library's email parser. The HTML part is the one the
multipart/related `start` parameter names, else the first text/html part; quoted-printable and base64
are undone and its charset applied (the HTML path's own detection when none is declared or it is wrong).
Images, stylesheets and scripts saved beside the page are other parts: they are never read.
"""

from __future__ import annotations

import email
import email.policy
from email.message import Message
from email.utils import collapse_rfc2231_value

from docclean.cleaners.decode import canonical_codec, normalise_line_ends
from docclean.cleaners.errors import Refusal
from docclean.cleaners.formats.archive import Budget
from docclean.cleaners.formats.text import read_text
from docclean.cleaners.model import Extracted


def _html_part(msg: Message) -> Message | None:
    start = collapse_rfc2231_value(msg.get_param("start") or "").strip("<>") if msg.is_multipart() else ""
    parts = [p for p in msg.walk() if p.get_content_type() == "text/html"]
    for part in parts:
        if start and (part.get("Content-ID") or "").strip("<>") == start:
            return part
    return parts[0] if parts else None


def read_mhtml(data: bytes, path: str, budget: Budget) -> Extracted:
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    part = _html_part(msg)
    if part is None:
        raise Refusal("quarantined", "corrupt MHTML: no HTML part in the saved page")
    try:
        body = part.get_payload(decode=True)
    except (ValueError, TypeError) as exc:
        raise Refusal("quarantined", f"corrupt MHTML: the HTML part cannot be decoded ({exc})") from None
    if not isinstance(body, bytes) or not body.strip():
        raise Refusal("quarantined", "corrupt MHTML: the HTML part is empty")
    budget.take(len(body), "MHTML page")
    charset = part.get_content_charset()
    if charset:
        charset = canonical_codec(charset)
        try:
            text = body.decode(charset)
            return Extracted(path, "mhtml", normalise_line_ends(text.lstrip("\ufeff")), "html", charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: let the HTML path detect the codec
    page = read_text(body, path + ".html")
    return Extracted(path, "mhtml", page.text, "html", page.encoding, page.confidence, page.replacement_chars)
