"""Korean text in plots: matplotlib's font fallback with a CJK font.

matplotlib's default font (DejaVu Sans) has no Hangul, so a Korean title
shows boxes and matplotlib prints a warning per missing glyph. With a list of
font families in ``font.family``, matplotlib (3.6 and later) falls back glyph
by glyph: Latin from DejaVu Sans, Hangul from the CJK font installed here
(Debian's fonts-noto-cjk, or fonts-nanum). `workbook lab` writes this
matplotlibrc into the student's workspace and points MATPLOTLIBRC at it.
"""
from __future__ import annotations

CJK_FONTS = ["Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Noto Sans CJK JP", "Noto Sans CJK SC",
             "Source Han Sans KR", "UnDotum"]


def installed_cjk_fonts() -> list[str]:
    """The CJK fonts of CJK_FONTS that matplotlib finds on this machine."""
    from matplotlib import font_manager
    names = {f.name for f in font_manager.fontManager.ttflist}
    return [n for n in CJK_FONTS if n in names]


def matplotlibrc() -> str:
    cjk = installed_cjk_fonts()[:1]
    head = "# written by `workbook lab`: Korean (한국어) text in plots falls back to a CJK font\n"
    if not cjk:
        return head + "# no CJK font is installed: apt-get install fonts-noto-cjk, then run `workbook lab` again\n"
    return head + f"font.family: DejaVu Sans, {cjk[0]}\naxes.unicode_minus: False\n"


def use_korean_font() -> str | None:
    """Makes this process's matplotlib draw Hangul (labels such as 라면 on a picture): the same fallback as
    ``matplotlibrc``, set in ``rcParams``, for a notebook run where `workbook lab` did not write the file
    (nbgrader, the grader's sandbox, a plain Jupyter). Returns the CJK font used, or None when none is
    installed (Hangul then shows as boxes)."""
    import matplotlib
    cjk = installed_cjk_fonts()[:1]
    if not cjk:
        return None
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", cjk[0]]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return cjk[0]
