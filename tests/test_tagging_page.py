"""AppTest: the Train page's tagging task charts accuracy on every word and on the words one
reading direction cannot tag, in English and Korean."""
import pytest

from tests.conftest import train_app


@pytest.mark.parametrize("language", ["english", "korean"])
def test_tagging_trains_and_charts_accuracy_by_word_kind(language):
    at = train_app().run()
    at.selectbox(key="train_task").set_value("tagging").run()
    at.selectbox(key="train_language").set_value(language).run()
    at.toggle(key="train_bidirectional").set_value(True).run()
    at.button(key="train_step").click().run()
    assert not at.exception and not at.error
    run = at.session_state["train_run"]
    assert run.trainer.task.config.language == language and run.trainer.model_config.bidirectional
    chart = next(c.proto for c in at.get("vega_lite_chart")
                 if c.proto.alt.startswith("Accuracy chart:"))
    assert "by word kind" in chart.alt
    assert any("first names" in c.value for c in at.caption)
