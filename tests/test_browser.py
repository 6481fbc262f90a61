"""The app in headless Chromium (Debian's ``chromium``, driven by Playwright): load the page,
ask a question, see the cited answer, check that HTML typed in a question is shown as text and
never runs, and check a citation in the second tab. Writes docs/screenshot-chat.png when it is
missing or when MYOQA_UPDATE_SCREENSHOT=1.

The browser comes from the project's set-up (``bash scripts/install-browser.sh``, run by
scripts/test.sh); without it these tests are skipped, saying so.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import shared_model

from myoqa.config import Settings
from myoqa.ui import REBUILDING, Engine, build_app, launch_options

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT_MS = 30_000
XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> **pas du gras**'


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]'"
    )
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: run `bash scripts/install-browser.sh` as root "
            "(needs the Debian mirror); scripts/test.sh does it"
        )
    with sync_api.sync_playwright() as playwright:
        try:  # --no-sandbox: the tests may run as root in a container
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox"]
            )
        except Exception as exc:
            pytest.skip(f"{CHROMIUM} does not start headless: {exc}")
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_app: str) -> Iterator[Any]:
    """A fresh browser session on the app; records requests that leave the machine."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    page.outside = []
    page.dialogs = []
    page.on(
        "request",
        lambda r: (
            None if r.url.startswith((live_app, "data:", "blob:")) else page.outside.append(r.url)
        ),
    )
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(live_app)
    page.get_by_text("pas un avis médical").first.wait_for(timeout=TIMEOUT_MS)
    yield page
    context.close()


def ask(page: Any, question: str) -> Any:
    """Type ``question``, send it, and return the locator of the new assistant reply."""
    replies = page.locator("#myoqa-chat .myoqa-answer")
    before = replies.count()
    box = page.locator("#myoqa-question textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        f"document.querySelectorAll('#myoqa-chat .myoqa-answer').length > {before}",
        timeout=TIMEOUT_MS,
    )
    return replies.nth(before)


def test_ask_shows_the_cited_answer_and_html_in_a_question_as_text(page, docs_dir, tmp_path):
    reply = ask(page, "Qu'est-ce que l'essai BIRD ?")
    assert reply.locator(".myoqa-extract").first.is_visible()
    assert reply.locator(".myoqa-passage mark").first.is_visible()
    citation = reply.locator(".myoqa-cite").first.inner_text()
    assert citation.startswith("Source :") and "AFM-Téléthon" in citation
    assert "BIRD" in reply.locator(".myoqa-extract").first.inner_text()
    assert reply.locator("details.myoqa-more").count() >= 1  # other passages, folded
    page.locator("#myoqa-question textarea").blur()
    shot = page.screenshot(path=str(tmp_path / "screenshot-chat.png"))
    kept = docs_dir / "screenshot-chat.png"
    if not kept.exists() or os.environ.get("MYOQA_UPDATE_SCREENSHOT") == "1":
        docs_dir.mkdir(exist_ok=True)
        kept.write_bytes(shot)  # only when asked: PNG bytes vary between runs

    reply = ask(page, XSS)
    question = page.locator("#myoqa-chat .myoqa-question").last
    assert question.inner_text() == XSS  # displayed as typed, Markdown included
    assert page.locator("#myoqa-chat img[src='x']").count() == 0
    assert page.evaluate("window.__xss") is None and page.dialogs == []
    assert "Je n'ai pas trouvé de réponse dans les documents" in reply.inner_text()
    assert page.outside == []  # no font, script or analytics fetched from elsewhere


def test_emergency_banner_and_new_conversation(page):
    reply = ask(page, "J'ai une douleur dans la poitrine")
    assert "15" in reply.locator(".myoqa-emergency").inner_text()
    assert page.locator(".myoqa-emergency").first.is_visible()  # above the chat too
    page.get_by_role("button", name="Nouvelle conversation").click()
    page.wait_for_function(
        "document.querySelectorAll('#myoqa-chat .myoqa-answer').length === 0", timeout=TIMEOUT_MS
    )
    assert page.locator(".myoqa-emergency").count() == 0


def test_citation_tab_highlights_the_match_or_says_nothing_matches(page):
    page.get_by_role("tab", name="Vérifier une citation").click()
    box = page.get_by_label("Citation, paraphrase ou référence")
    box.fill("NCT04999020")
    page.get_by_role("button", name="Vérifier", exact=True).click()
    mark = page.locator("#myoqa-verification mark").first
    mark.wait_for(timeout=TIMEOUT_MS)
    assert mark.inner_text() == "NCT04999020"
    assert "%" in page.locator("#myoqa-verification .myoqa-pct").first.inner_text()
    box.fill("Le chocolat noir guérit la grippe aviaire en deux jours.")
    page.get_by_role("button", name="Vérifier", exact=True).click()
    page.get_by_text("Rien dans le corpus ne correspond à ce texte.").wait_for(timeout=TIMEOUT_MS)


def test_status_line_while_a_stale_index_is_rebuilt(
    browser, seed_engine, seed_settings, unused_port, tmp_path
):
    shutil.copytree(seed_settings.corpus_dir, tmp_path / "corpus")
    shutil.copytree(seed_settings.index_dir, tmp_path / "index")
    (tmp_path / "corpus" / "ajout.txt").write_text(
        "Kinésithérapie\n\nLa kinésithérapie douce aide à garder la force.\n", encoding="utf-8"
    )
    gate = threading.Event()

    def step(message: str) -> None:  # holds the background rebuild until the page is checked
        if threading.current_thread().name == "myoqa-rebuild":
            gate.wait(60)

    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    engine = Engine.start(settings, model=shared_model(), on_step=step)
    app = build_app(engine)
    app.launch(**launch_options("127.0.0.1", unused_port), prevent_thread_lock=True, quiet=True)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{unused_port}/")
        status = page.locator(".myoqa-status")
        status.wait_for(timeout=TIMEOUT_MS)
        assert status.inner_text() == REBUILDING
        assert "Index en cours de reconstruction…" in status.inner_text()
        gate.set()  # the page polls the status and drops the line once the new index serves
        page.wait_for_function(
            "document.querySelectorAll('.myoqa-status').length === 0", timeout=90_000
        )
    finally:
        gate.set()
        context.close()
        app.close()
