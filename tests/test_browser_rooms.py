"""Real browser, two learners: the teacher shares the Train run live, a student follows it and
sees the step advance while the server trains it once, then forks it and trains on their own."""
import re
import time
from contextlib import contextmanager

from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, PAUSE, PLAY, running_app
from tests.test_browser import pytestmark  # noqa: F401  (skipped where chromium is missing)

STEP = """() => { for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
    const label = m.querySelector('[data-testid="stMetricLabel"]');
    if (label && label.innerText.trim() === 'Step')
        return parseInt(m.querySelector('[data-testid="stMetricValue"]').innerText.replace(/,/g, ''));
  } return null; }"""


@contextmanager
def two_browsers():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield [browser.new_context(viewport={"width": 1500, "height": 1400}).new_page()
                   for _ in range(2)]
        finally:
            browser.close()


def step_of(page) -> int:
    deadline = time.time() + 30
    while (step := page.evaluate(STEP)) is None:
        assert time.time() < deadline, "no Step metric"
        time.sleep(0.1)
    return step


def advances(page, seconds: float = 6) -> tuple[int, int]:
    first = step_of(page)
    time.sleep(seconds)
    return first, step_of(page)


def test_share_live_follow_then_fork(tmp_path):
    with running_app() as url, two_browsers() as (teacher, student):
        teacher.goto(url + "/train?train_task=copy")
        teacher.get_by_role("button", name=PLAY).wait_for(timeout=60_000)
        teacher.get_by_role("button", name=re.compile("Share live")).click()
        teacher.get_by_role("textbox", name="Your name, shown to followers").fill("Ms Kim")
        teacher.get_by_role("button", name=re.compile("Start a room")).click()
        link = teacher.locator("code").filter(has_text="room=").first.inner_text(timeout=30_000)
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/train\?room=[A-Za-z0-9_-]{22}", link), link
        teacher.keyboard.press("Escape")
        teacher.get_by_role("button", name=PLAY).click()

        student.goto(link)
        student.get_by_role("button", name=re.compile("Fork")).wait_for(timeout=60_000)
        student.get_by_text(re.compile("Live room of Ms Kim")).wait_for(timeout=30_000)
        assert student.get_by_role("button", name=PLAY).count() == 0   # no controls of the room
        first, later = advances(student)
        assert later > first > 0, (first, later)                       # the room's run, live
        teacher.get_by_text(re.compile("1 following")).wait_for(timeout=30_000)
        student.screenshot(path=str(tmp_path / "student_following.png"))

        student.get_by_role("button", name=re.compile("Fork")).click()
        student.get_by_text(re.compile("Forked from Ms Kim's room at step")).wait_for(timeout=30_000)
        forked_at = int(re.search(r"at step ([\d,]+)", student.get_by_text(
            re.compile("Forked from")).inner_text()).group(1).replace(",", ""))
        assert step_of(student) == forked_at           # paused at the step it was forked
        student.get_by_role("button", name=PLAY).click()
        student.get_by_role("button", name=PAUSE).wait_for(timeout=30_000)
        first, later = advances(student, 4)
        assert later > first >= forked_at, (forked_at, first, later)   # its own run trains
        assert "room=" not in student.url
        student.screenshot(path=str(tmp_path / "student_forked.png"))

        teacher.get_by_role("button", name=re.compile("End room")).click()
        teacher.get_by_text(re.compile("Live room")).first.wait_for(state="detached", timeout=30_000)
        first, later = advances(teacher, 3)           # the teacher's run goes on, its own again
        assert later > first, (first, later)
