"""Page furniture that a format reveals (a PDF's running header, a DOCX header repeated by each section)
taken out of the rules' result, one whole-line Removal each, before the detectors look at the page.

A line the rules already took whole keeps the rule's record (it names the noise more precisely, and a
watermark rule also marks where a report starts); a line they only cut into is taken whole instead.
"""

from __future__ import annotations

from dataclasses import replace

from docclean.cleaners.engine import Cleaned
from docclean.cleaners.model import Line, Removal


def remove_furniture(cleaned: Cleaned, furniture: tuple[Removal, ...]) -> Cleaned:
    if not furniture:
        return cleaned
    by_line = {r.line_no: r for r in furniture}
    kept_nos = {line.line_no for line in cleaned.lines}
    taken = {no for no in by_line if no in kept_nos}
    removals = [r for r in cleaned.removals if r.line_no not in taken or r.start < 0]
    removals += [by_line[no] for no in taken]
    lines: list[Line] = []
    carry_boundary = carry_blank = False
    for line in cleaned.lines:
        if line.line_no in taken:  # its marks go to the next kept line, as when a rule removes a line
            carry_boundary, carry_blank = (
                carry_boundary or line.after_boundary,
                carry_blank or line.blank_before,
            )
            continue
        if carry_boundary or carry_blank:
            line = replace(
                line,
                after_boundary=line.after_boundary or carry_boundary,
                blank_before=line.blank_before or carry_blank,
            )
            carry_boundary = carry_blank = False
        lines.append(line)
    removals.sort(key=lambda r: (r.line_no, r.start))
    return Cleaned(tuple(lines), tuple(removals), cleaned.suspects)
