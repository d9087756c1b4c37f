"""The table of every page's settings: widget key = URL parameter, default, range or options.

It sits below everything that reads it and imports nothing of charts, runs or Streamlit; labels
are applied when a widget is drawn (`playground.kit.urlstate.widget`).
"""
from playground.fields.core import (
                                    FIELDS,
                                    LINK_TEXT_MAX,
                                    NOTICE_CHARS,
                                    PAGES,
                                    UrlField,
                                    format_value,
                                    from_setting,
                                    page_fields,
                                    parse_value,
                                    register,
)
from playground.fields.lessons import lesson_fields
from playground.fields.runs import (
                                    CELL_LABELS,
                                    YOUR_TEXT,
                                    gates_view,
                                    gradient_fields,
                                    run_settings,
                                    train_view,
)
from playground.fields.words import ANALOGY, attention_fields, embedding_fields

__all__ = ["ANALOGY", "CELL_LABELS", "FIELDS", "LESSON", "LINK_TEXT_MAX", "NOTICE_CHARS", "PAGES",
           "YOUR_TEXT", "UrlField", "format_value", "from_setting", "page_fields", "parse_value",
           "register"]

register(*run_settings("train"), *run_settings("cmp"), *train_view(), *gates_view(),
         *gradient_fields(), *embedding_fields(), *attention_fields(), *lesson_fields())
LESSON = "lesson"   # every page's link also carries the lesson being followed and its progress
PAGES.update({
    "lessons": (LESSON,),
    "train": ("train_", LESSON),
    "compare": ("cmp_", LESSON),
    "gates": ("gates_", "train_", LESSON),   # the Gates page shows the Train page's run
    "gradients": ("toy_", "vec_", "cliff_", LESSON),
    "embeddings": ("emb_", LESSON),
    "attention": ("attn_", LESSON),
})
