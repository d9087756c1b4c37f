"""AppTest: the Train page's names task trains, samples names and reports how many are new."""
from tests.conftest import train_app


def test_names_train_and_sample_with_a_report():
    at = train_app().run()
    at.selectbox(key="train_task").set_value("names").run()
    at.selectbox(key="train_names_language").set_value("korean").run()
    assert not at.exception and not at.error
    run = at.session_state["train_run"]
    assert run.trainer.task.name == "names" and run.trainer.task.config.language == "korean"
    run.step(300)
    at.button(key="train_names_sample").click().run()
    assert not at.exception and not at.error
    shares = {m.label: m.value for m in at.metric if m.label in ("new", "valid", "repeated")}
    assert set(shares) == {"new", "valid", "repeated"}
    assert int(shares["valid"].rstrip("%")) >= 50  # after 300 steps most look like names
    table = at.dataframe[-1].value
    assert list(table.columns) == ["sample", "count", "new", "valid"] and len(table) > 0
    assert all(2 <= len(name) <= 30 for name in table["sample"])


def test_names_is_a_language_model_so_bidirectional_is_off():
    at = train_app().run()
    at.selectbox(key="train_task").set_value("names").run()
    assert "train_bidirectional" not in [t.key for t in at.toggle]
    assert any("off for language models" in c.value for c in at.caption)
