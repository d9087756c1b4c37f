"""The interface in English or Korean: `t(key, **values)` is the string a learner reads.

The language is chosen once per session: the link's `lang=ko` (or `lang=en`) if it has one,
else the browser's preferred language; the sidebar's switch changes it, the link keeps it, and
a run survives the switch (widgets keep their values whatever their labels say).
"""
from __future__ import annotations

from playground.i18n.catalogue import DEFAULT, LANGS, engine, fields, text

__all__ = ["DEFAULT", "KEY", "LANGS", "field_help", "field_label", "init_language", "lang",
           "language_switch", "option_label", "say", "t"]

KEY = "lang"            # session state key, widget key and URL parameter


def lang() -> str:
    import streamlit as st  # here, not at the top: playground.fields reads the catalogue
    return st.session_state.get(KEY, DEFAULT)


def t(key: str, **values) -> str:
    """The catalogue's string `key` in the session's language, formatted with `values`."""
    s = text(lang(), key)
    return s.format(**values) if values else s


def say(error) -> str:
    """An engine error's message in the session's language: its keyed translation when it has
    one (SettingError.of), else its own (English) text."""
    key = getattr(error, "key", None)
    own = engine(lang()).get(key) if key else None
    if not own:
        return str(error)
    values = {k: "; ".join(map(say, v)) if isinstance(v, tuple) else
              say(v) if getattr(v, "key", None) else v for k, v in error.values.items()}
    return own.format(**values)


def field_label(f) -> str:
    return fields(lang()).get(f.key, {}).get("label", f.label)


def field_help(f) -> str:
    return fields(lang()).get(f.key, {}).get("help", f.help)


def option_label(f, option, language: str | None = None) -> str:
    """What a select shows for `option`: the field's label for it in `language` (default: the
    session's; a widget's format_func passes the language it was drawn in, since AppTest calls
    it outside the script run, where the session cannot be read)."""
    own = fields(language or lang()).get(f.key, {}).get("options", {})
    if str(option) in own:
        return own[str(option)]
    return (f.labels or {}).get(option, str(option))


def from_browser(locale: str | None) -> str:
    """The catalogue language a browser's preferred locale ("ko-KR", "en-US") asks for."""
    code = (locale or "").split("-")[0].lower()
    return code if code in LANGS else DEFAULT


def init_language() -> None:
    """Once per session, before any widget: the link's lang, else the browser's language."""
    import streamlit as st  # here, not at the top: playground.fields reads the catalogue
    state = st.session_state
    if KEY in state:
        return
    asked = st.query_params.get(KEY)
    state[KEY] = asked if asked in LANGS else from_browser(st.context.locale)


def language_switch(where=None) -> None:
    """English / 한국어, on every page (the sidebar's top)."""
    import streamlit as st  # here, not at the top: playground.fields reads the catalogue
    (where or st.sidebar).segmented_control(
        t("lang.label"), list(LANGS), format_func=LANGS.get, key=KEY, required=True,
        label_visibility="collapsed", width="stretch", persist_state="session")
