"""The hosting files: every way of installing the app pins what requirements.txt pins and takes
PyTorch's CPU-only build; the Community Cloud entrypoint in deploy/cloud/ serves the same app."""
import re
import urllib.parse
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import parse_wheel_filename
from streamlit.testing.v1 import AppTest

from playground.i18n.catalogue import ui
from playground.presets import MENU_KEY, PRESETS
from tests.browser.harness import ROOT, chromium_page, running_app

CPU_INDEX = "https://download.pytorch.org/whl/cpu"
CLOUD = ROOT / "deploy" / "cloud"
COPY = "copy30"


def requirements(path: Path) -> list[Requirement]:
    lines = [line.split(" #")[0].strip() for line in path.read_text().splitlines()]
    return [Requirement(line) for line in lines if line and not line.startswith(("#", "-"))]


def pins(path: Path) -> dict[str, str]:
    """name -> exact version, for every requirement not named by URL."""
    found = {}
    for req in requirements(path):
        if req.url is None:
            (spec,) = req.specifier
            assert spec.operator == "==", f"{path.name}: {req} is not pinned exactly"
            found[req.name.lower()] = spec.version
    return found


RUNTIME = pins(ROOT / "requirements.txt")


def python_of(wheel_url: str) -> str:
    """The Python version a CPython wheel's URL is built for: .../torch-...-cp311-... -> '3.11'."""
    _, _, _, tags = parse_wheel_filename(urllib.parse.unquote(wheel_url.rsplit("/", 1)[1]))
    (interpreter,) = {tag.interpreter for tag in tags}
    digits = interpreter.removeprefix("cp")
    return digits[0] + "." + digits[1:]


def test_the_runtime_requirements_pin_every_package_and_torch():
    assert {"torch", "streamlit", "altair"} <= set(RUNTIME) and len(RUNTIME) >= 8


def test_the_cloud_requirements_pin_the_same_versions_and_take_torch_as_a_cpu_wheel():
    assert pins(CLOUD / "requirements.txt") == {n: v for n, v in RUNTIME.items() if n != "torch"}
    wheels = [req for req in requirements(CLOUD / "requirements.txt") if req.name == "torch"]
    assert wheels and all(req.url and req.marker for req in wheels), "torch: CPU wheel URLs"
    for req in wheels:
        assert req.url.startswith(CPU_INDEX + "/"), req.url
        name, version, _, tags = parse_wheel_filename(urllib.parse.unquote(req.url.rsplit("/", 1)[1]))
        assert name == "torch" and str(version) == RUNTIME["torch"] + "+cpu", req.url
        assert {tag.platform for tag in tags} == {"manylinux_2_28_x86_64"}
    # On Cloud's machines (x86_64) exactly one wheel applies to each Python it offers, and one
    # applies to the Python this project tests (3.11).
    for python in ["3.11", "3.12", "3.13"]:
        env = {**default_environment(), "python_version": python, "platform_machine": "x86_64"}
        chosen = [req for req in wheels if req.marker.evaluate(env)]
        assert len(chosen) == 1 and python_of(chosen[0].url) == python


def test_the_dockerfile_installs_the_pinned_cpu_torch_then_the_runtime_requirements():
    docker = (ROOT / "Dockerfile").read_text()
    torch = re.search(r"pip install --index-url (\S+) torch==(\S+)", docker)
    assert torch and torch.group(1) == CPU_INDEX and torch.group(2) == RUNTIME["torch"]
    assert "pip install -r requirements.txt" in docker[torch.end():]


def test_the_cloud_entrypoint_runs_the_app_and_a_course_example_opens_its_page():
    at = AppTest.from_file(str(CLOUD / "streamlit_app.py"), default_timeout=120).run()
    at.session_state[MENU_KEY] = True   # the sidebar's course examples, opened
    at.run()
    assert not at.exception and at.button(key="preset_2")
    at.button(key=f"preset_{list(PRESETS).index(COPY)}").click().run()
    assert not at.exception and at.session_state["cmp_run"].cells == ("rnn", "lstm")


def test_a_server_started_from_the_cloud_entrypoint_serves_every_page_in_chromium(tmp_path):
    """As Community Cloud runs it: `streamlit run deploy/cloud/streamlit_app.py` from the root."""
    with running_app(script="deploy/cloud/streamlit_app.py") as url, chromium_page(1400, 1000) as page:
        page.goto(url)
        page.get_by_text("Course examples").first.wait_for(timeout=60_000)
        page.get_by_text("Course examples").first.click()
        page.get_by_role("button", name=ui("en")["presets.copy30.label"]).click()  # st.switch_page
        page.wait_for_url(re.compile(r"/compare"), timeout=60_000)
        page.get_by_text("LSTM learns to recall").first.wait_for(timeout=60_000)  # its toast
        page.screenshot(path=str(tmp_path / "cloud_compare.png"))
        for path in ["/train", "/gates", "/gradients", "/attention", "/embeddings"]:
            page.goto(url + path)
            page.locator("[data-testid='stVegaLiteChart'], .vega-embed").first.wait_for(
                timeout=90_000)
            assert page.locator("[data-testid='stException']").count() == 0, path
