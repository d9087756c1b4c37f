"""Every test file that starts a real server runs in `.ci/run`'s serial part (conftest's
SERIAL_FILES): run beside the parallel part, such a test shares the cores with other tests'
training, and its timings and its server's log are no longer its own."""
import re

from tests.conftest import ROOT, SERIAL_FILES

# what starts a server in these tests: the browser harness, the websocket client of
# benchmarks/stclient.py, or `streamlit run` itself
STARTS_A_SERVER = re.compile(r"running_app\(|wait_until_up\(|StClient\(|\"streamlit\", \"run\"")


def test_every_test_file_that_starts_a_server_runs_serially():
    starting = {path.name for path in (ROOT / "tests").glob("test_*.py")
                if STARTS_A_SERVER.search(path.read_text(encoding="utf-8"))}
    assert starting, "the pattern no longer finds the server tests"
    assert sorted(name for name in starting if not name.startswith(SERIAL_FILES)) == []


def test_the_serial_part_is_only_server_tests():
    serial = [path.name for path in (ROOT / "tests").glob("test_*.py")
              if path.name.startswith(SERIAL_FILES)]
    assert serial and all(STARTS_A_SERVER.search((ROOT / "tests" / name).read_text(
        encoding="utf-8")) for name in serial), serial
