#!/usr/bin/python3
"""Re-save TrueType fonts with every glyph record padded to 4 bytes, so pdf-lib can subset them.

Why: @pdf-lib/fontkit 1.1.1 writes a short (16-bit) `loca` table when it subsets a font whose glyph records have
odd lengths; the offsets are stored halved, so about half the glyphs of the subset point at the wrong bytes and
vanish from the PDF (blank characters, no error). Noto Sans SC / Noto Serif SC from Google Fonts have such
records. With every record padded to a multiple of 4 the offsets are exact and subsets render.

Only the padding changes: outlines, metrics, cmap and names stay as they were, and the head timestamp is kept so
the output is byte-for-byte reproducible.

Run with Debian's python3 and python3-fonttools (apt-get install -y python3-fonttools):
    /usr/bin/python3 scripts/fix-font-padding.py IN.ttf OUT.ttf
"""
import sys

from fontTools.ttLib import TTFont


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    source, target = argv[1], argv[2]
    font = TTFont(source, recalcTimestamp=False, recalcBBoxes=False)
    if 'glyf' not in font:
        print(f'{source}: no glyf table (CFF outlines cannot be subset by pdf-lib at all)', file=sys.stderr)
        return 1
    font['glyf'].padding = 4
    font.save(target, reorderTables=False)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
