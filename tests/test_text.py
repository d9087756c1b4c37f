"""check_text: text a user or a file gives the engine must encode as UTF-8, or a SettingError
says which character is wrong."""
import pytest

from engine.fields import SettingError
from engine.text import check_text


@pytest.mark.parametrize("text", ["", "hello", "고양이가 생선을", "𠀀 and 🙂", "a\x00b"])
def test_valid_text_comes_back_unchanged(text):
    assert check_text(text, "The text") is text


def test_a_lone_surrogate_is_named_with_its_position():
    with pytest.raises(SettingError, match=r"^The vocabulary is not valid UTF-8 text: character "
                                           r"3 is U\+DCFF, a lone surrogate"):
        check_text("ab\udcffc", "The vocabulary")


def test_a_high_surrogate_alone_is_refused_but_a_real_pair_is_not():
    with pytest.raises(SettingError, match=r"character 1 is U\+D83D"):
        check_text("\ud83d", "The text")
    assert check_text("\U0001f642", "The text") == "🙂"


def test_the_message_itself_can_be_printed():
    with pytest.raises(SettingError) as caught:
        check_text("x" * 10 + "\udc80", "--text")
    assert str(caught.value).encode("utf-8").startswith(b"--text is not valid UTF-8 text")


@pytest.mark.parametrize("value,kind", [(["a"], "list"), (7, "int"), (None, "NoneType"),
                                        (b"abc", "bytes")])
def test_what_is_not_a_str_is_refused(value, kind):
    with pytest.raises(SettingError, match=f"^The text must be text, not {kind}.$"):
        check_text(value, "The text")
