"""User text shown exactly as typed inside Streamlit's message boxes.

The body of st.error/st.warning/st.info/st.markdown is Markdown (with `$…$` as KaTeX), so a shared
link or an uploaded file's name could otherwise put a live link, bold text or a huge formula in
the app's own message boxes. Every place user text reaches a message passes it through `literal`,
which escapes exactly what could take effect on one line of text and leaves the rest as typed.
"""
from __future__ import annotations

import re

_SPECIAL = re.compile(
    r"[\\`*~$\[\]<>@]"                      # code, emphasis, strike, KaTeX, links, HTML/autolinks, e-mail
    r"|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])"  # _emphasis_ (an underscore inside a word is inert)
    r"|:(?=//)"                             # http:// autolinks
    r"|(?<=www)\.",                         # www. autolinks
    re.IGNORECASE)
_LEADING = re.compile(r"^(\s*\d*)([-+#>=.)])")  # a list, heading or quote at the start


def literal(text) -> str:
    """`text` with Markdown/KaTeX that could act escaped by backslashes; newlines become spaces."""
    text = _SPECIAL.sub(lambda m: "\\" + m.group(0), str(text).replace("\n", " "))
    return _LEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)


def code(text) -> str:
    """`text` as an inline code span, exactly as typed: the fence is one backtick longer than
    any run of backticks inside, so nothing in it (a backtick, **, $, a link) can end the span
    or take effect. Newlines become spaces; an empty text shows as one space."""
    text = str(text).replace("\n", " ") or " "
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
