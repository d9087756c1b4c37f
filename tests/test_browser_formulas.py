"""Real browser: the formulas that are not typeset by KaTeX look as if they were. The Gradient
flow steps are HTML in KaTeX's fonts (Streamlit declares them; a version that stopped would
fall back to Times), and keep their screen-reader label through st.html's sanitiser."""
from tests.browser.harness import ROOT, chromium_page, running_app
from tests.test_browser import pytestmark  # noqa: F401  (skipped where chromium is missing)

CHART = "[data-testid='stVegaLiteChart'] canvas.marks, [data-testid='stVegaLiteChart'] svg.marks"


def test_the_unrolled_steps_are_drawn_in_katex_fonts_with_their_label():
    out = ROOT / "artifacts"
    out.mkdir(exist_ok=True)
    with running_app() as url, chromium_page(1400, 1100) as page:
        page.goto(f"{url}/gradients?toy_activation=sigmoid")
        page.locator(CHART).first.wait_for(state="visible", timeout=90_000)
        block = page.locator(".unrolled")
        block.wait_for(timeout=30_000)
        assert block.get_attribute("role") == "math"
        assert block.get_attribute("aria-label").startswith(r"h_{1} = \sigma\left(2x_{1}")
        fonts = page.evaluate("""async () => { await document.fonts.ready;
            const b = document.querySelector('.unrolled'), v = b.querySelector('i');
            return [getComputedStyle(b).fontFamily, getComputedStyle(v).fontFamily,
                    getComputedStyle(v).fontStyle, document.fonts.check('20px KaTeX_Main'),
                    document.fonts.check('italic 20px KaTeX_Math'),
                    [...document.fonts].filter(f => f.status === 'loaded')
                                       .map(f => f.family + ' ' + f.style)] }""")
        main, math, style, main_ok, math_ok, loaded = fonts
        assert main.startswith("KaTeX_Main") and math.startswith("KaTeX_Math") and style == "italic"
        assert main_ok and math_ok and {"KaTeX_Main normal", "KaTeX_Math italic"} <= set(loaded)
        box = block.bounding_box()
        assert box["width"] > 300 and 150 < box["height"] < 400   # three steps of two rows
        block.screenshot(path=str(out / "gradients_unrolled.png"))
