"""Write cleaners/t2s.tsv: Traditional characters and the Simplified character each folds to when rules and
detectors look for noise (never in the output). Run it again after an OpenCC upgrade:

    pip install opencc==1.4.2 && python scripts/make_t2s_table.py

Derived from OpenCC's t2s conversion (Apache License 2.0, https://github.com/BYVoid/OpenCC). Only
one-to-one pairs, ordered by Simplified character with its usual Traditional spelling first, and only
Traditional characters that are not themselves Simplified characters (not in
GB2312: `乾` stays, as in 乾坤), so that folding never changes a Simplified text.
"""

from __future__ import annotations

from pathlib import Path

import opencc

OUT = Path(__file__).resolve().parent.parent / "cleaners" / "t2s.tsv"
RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))  # compatibility ideographs are folded in the output already


def simplified_already(char: str) -> bool:
    try:
        char.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def main() -> None:
    convert = opencc.OpenCC("t2s").convert
    primary = opencc.OpenCC("s2t").convert
    pairs = []
    for low, high in RANGES:
        for code in range(low, high + 1):
            char = chr(code)
            folded = convert(char)
            if len(folded) == 1 and folded != char and not simplified_already(char):
                pairs.append((folded, primary(folded) != char, char))  # the usual spelling first
    header = (
        "# Traditional -> Simplified characters for matching only (see scripts/make_t2s_table.py).\n"
        "# Third column: `usual` when the Traditional character is how the Simplified one is usually written.\n"
        "# Derived from OpenCC t2s, Apache License 2.0, https://github.com/BYVoid/OpenCC\n"
    )
    lines = [f"{char}\t{folded}\t{'' if rare else 'usual'}" for folded, rare, char in sorted(pairs)]
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(pairs)} pairs -> {OUT}")


if __name__ == "__main__":
    main()
