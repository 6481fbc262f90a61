"""The web app: HTML rendering as pure functions (no server), start-up on missing, stale
and corrupt indexes, and the real app on a loopback port driven with ``gradio_client``."""

from __future__ import annotations

import asyncio
import html
import os
import re
import runpy
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr
import pytest
from gradio.state_holder import SessionState
from gradio_client import Client
from gradio_client.exceptions import AppError
from helpers import shared_model, write_tiny_corpus

from myoqa import ui
from myoqa.citations import markdown_reply
from myoqa.config import Settings
from myoqa.index import build_index, current_generation
from myoqa.ui import (
    NOT_FOUND,
    PERSONAL_ADVICE,
    REBUILDING,
    Engine,
    build_app,
    citation_html,
    corpus_summary,
    highlight,
    launch_options,
    passage_choices,
    prepare_reply,
    related_topics,
    render_answer,
    render_error,
    render_verification,
    status_html,
    user_html,
)

PROJECT = Path(__file__).resolve().parents[1]
SOURCE = {
    "doc_id": "guide",
    "title": "Guide des myosites",
    "publisher": "Association test",
    "page": 3,
    "section": "Les traitements",
    "url": "https://example.org/guide",
    "date": "2023-05",
    "type": "brochure",
}


def answer(passage: str, start: int, end: int, **source: Any) -> dict[str, Any]:
    return {
        "text": passage[start:end],
        "passage": passage,
        "start": start,
        "end": end,
        "score": 0.8,
        "source": {**SOURCE, **source},
    }


def result(
    *answers: dict[str, Any],
    question: str = "Quel traitement ?",
    query: str | None = None,
    emergency: str | None = None,
) -> dict[str, Any]:
    return {
        "id": None,
        "question": question,
        "query": query or question,
        "answered": bool(answers),
        "confidence": 0.8 if answers else 0.1,
        "elapsed_ms": 1.0,
        "expansions": ["cortisone → corticoïdes"],
        "corrections": [],
        "emergency": emergency,
        "answers": list(answers),
    }


# ---- pure rendering ----------------------------------------------------------------------


def test_highlight_marks_the_answer_by_its_offsets_not_the_first_occurrence():
    passage = "La fatigue est fréquente. Chez l'adulte aussi, la fatigue est fréquente."
    start = passage.rindex("fatigue est fréquente")
    out = highlight(passage, start, start + len("fatigue est fréquente"))
    assert out.count("<mark>") == 1
    assert out.startswith("La fatigue est fréquente. Chez l&#x27;adulte aussi, la <mark>")
    assert out.endswith("<mark>fatigue est fréquente</mark>.")


def test_highlight_escapes_the_passage_and_keeps_its_line_breaks():
    passage = "Titre <b>\n\nLe <script>x()</script> & la suite"
    out = highlight(passage, passage.index("Le"), len(passage))
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;x()&lt;/script&gt; &amp; la suite</mark>" in out
    assert "Titre &lt;b&gt;<br><mark>" in out
    assert "\n" not in out  # a blank line would end the HTML block in the chat's Markdown


def test_highlight_clamps_offsets_out_of_range():
    assert highlight("abc", -5, 99) == "<mark>abc</mark>"
    assert highlight("abc", 2, 1) == "ab<mark></mark>c"


def test_citation_shows_title_publisher_date_page_section_link_and_type():
    out = citation_html(SOURCE)
    for part in (
        "Guide des myosites",
        "Association test",
        "mai 2023",
        "p. 3",
        "section « Les traitements »",
        'href="https://example.org/guide"',
        "brochure",
    ):
        assert part in out
    assert "Témoignage" not in out


def test_citation_labels_forum_posts_as_testimonies_and_escapes_metadata():
    out = citation_html({**SOURCE, "type": "forum", "title": "Forum <i>x</i>", "url": None})
    assert "témoignage de forum" in out and "Témoignage d’un membre du forum" in out
    assert "Forum &lt;i&gt;x&lt;/i&gt;" in out and "href" not in out


def test_citation_drops_links_that_are_not_http():
    out = citation_html({**SOURCE, "url": "javascript:alert(1)"})
    assert "javascript" not in out and "href" not in out


def test_answer_shows_sentence_then_passage_then_citation_and_other_passages_folded():
    first = answer("Avant. Les corticoïdes sont le traitement de référence. Après.", 7, 55)
    second = answer("Le méthotrexate réduit la dose de cortisone.", 0, 44, title="Brève")
    out = render_answer(result(first, second))
    extract = out.index("« Les corticoïdes sont le traitement de référence. »")
    passage = out.index("Avant. <mark>Les corticoïdes")
    citation = out.index("Source :")
    assert extract < passage < citation < out.index("<details")
    assert "<summary>Autre passage (2) : Brève</summary>" in out
    assert "pas un avis médical" in out
    assert "\n" not in out


def test_emergency_banner_comes_before_anything_else():
    first = answer("Les corticoïdes sont le traitement de référence.", 0, 20)
    out = render_answer(result(first, question="je vais me suicider", emergency="3114"))
    assert out.index("3114") < out.index("<mark>")
    assert out.startswith('<div class="myoqa-answer"><div class="myoqa-emergency" role="alert">')
    assert "15 ou 112" in out
    assert "appelez tout de suite le 15" in render_answer(result(emergency="15"))


def test_a_personal_advice_question_is_sent_to_the_doctor():
    out = html.unescape(render_answer({**result(), "personal_advice": True}))
    assert PERSONAL_ADVICE in out and NOT_FOUND in out
    assert PERSONAL_ADVICE not in html.unescape(render_answer(result()))


def test_abstention_says_not_found_what_was_searched_and_suggests_topics():
    data = result(question="Et <b>pour</b> ça ?", query="Et <b>pour</b> ça ? (essais)")
    out = render_answer(data, topics=["Les traitements", "Essais <en cours>"], filtered=True)
    assert NOT_FOUND in html.unescape(out)
    assert "Recherché : « Et &lt;b&gt;pour&lt;/b&gt; ça ? (essais) »" in out
    assert "cortisone → corticoïdes" in out  # the lexicon words also searched
    assert "reformulez" in out and "retirez les filtres" in out
    assert "<li>Essais &lt;en cours&gt;</li>" in out
    assert "<mark>" not in out


def test_user_question_and_errors_are_shown_as_text():
    out = user_html('<img src=x onerror="alert(1)">\x00\x07 **gras**')
    assert "<img" not in out and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in out
    assert "\x00" not in out and "\x07" not in out
    long = user_html("x" * 20_000)
    assert len(long) < 500 and "(20000 caractères)" in long
    err = render_error("La question <est> vide.", "Posez une question.")
    assert "La question &lt;est&gt; vide." in err and "Posez une question." in err


def test_verification_shows_percentage_highlight_and_source_or_says_nothing_matches():
    passage = "Essai de phase II/III du ravulizumab NCT04999020 Déc. 2021"
    start = passage.index("NCT")
    data = {
        "query": "NCT04999020",
        "found": True,
        "matches": [
            {
                "passage": passage,
                "similarity": 0.987,
                "start": start,
                "end": start + 11,
                "text": "NCT04999020",
                "source": SOURCE,
            }
        ],
    }
    out = render_verification(data)
    assert "99 %" in out and "<mark>NCT04999020</mark>" in out and "section « Les" in out
    nothing = render_verification({"query": "x", "found": False, "matches": []})
    assert "Rien dans le corpus ne correspond à ce texte." in nothing


def test_prepared_reply_quotes_the_chosen_passages_each_followed_by_its_source():
    passage = "Avant. Les corticoïdes sont efficaces. Après."
    answers = [
        answer(passage, passage.index("Les"), passage.index(" Après")),
        answer("Je marche un peu chaque jour.", 0, 29, type="forum", title="Forum"),
    ]
    reply = prepare_reply(answers, [1, 0, 7], whole=False)
    assert reply == markdown_reply(
        [(answers[0]["text"], answers[0]["source"]), (answers[1]["text"], answers[1]["source"])]
    )
    assert reply.startswith("> Les corticoïdes sont efficaces.\n\nSource : [Guide des myosites]")
    assert "Témoignage d'un membre du forum" in reply
    assert prepare_reply(answers, [0], whole=True).startswith("> Avant. Les corticoïdes")
    assert prepare_reply(answers, [], whole=False) == ""
    labels = passage_choices(answers)
    assert labels[0] == ("1. « Les corticoïdes sont efficaces. » — Guide des myosites", 0)


def test_related_topics_put_nearby_sections_first_without_repeats():
    assert related_topics(["B", None, "A"], ["A", "C", "D"], limit=3) == ["B", "A", "C"]


def test_corpus_summary_counts_documents_kinds_and_years():
    def chunk(doc_id: str, kind: str, date: str | None) -> SimpleNamespace:
        return SimpleNamespace(doc_id=doc_id, meta=SimpleNamespace(type=kind, date=date))

    index = SimpleNamespace(
        chunks=[
            chunk("a", "news brief", "2019-04"),
            chunk("a", "news brief", "2019-04"),
            chunk("b", "news brief", "2019-10"),
            chunk("c", "forum", "2025-11"),
            chunk("d", "brochure", None),
        ]
    )
    line = corpus_summary(index)
    assert "4 documents" in line and "2 brèves d'actualité" in line
    assert "1 témoignage de forum" in line and "2019–2025" in line


def test_status_line_while_rebuilding():
    assert "Index en cours de reconstruction…" in status_html(REBUILDING)
    assert status_html("") == ""


# ---- privacy and start-up options ----------------------------------------------------------


def test_analytics_are_off_once_the_app_is_imported():
    assert os.environ["GRADIO_ANALYTICS_ENABLED"] == "False"


def test_launch_binds_to_loopback_without_share_link_by_default(monkeypatch):
    for var in ("GRADIO_SERVER_NAME", "GRADIO_SERVER_PORT", "GRADIO_SHARE"):
        monkeypatch.delenv(var, raising=False)
    options = launch_options()
    assert options["server_name"] == "127.0.0.1" and options["server_port"] is None
    assert options["share"] is False and options["run_history"] is False
    assert options["enable_monitoring"] is False and options["mcp_server"] is False
    monkeypatch.setenv("GRADIO_SERVER_NAME", "0.0.0.0")
    monkeypatch.setenv("GRADIO_SERVER_PORT", "7870")
    assert launch_options()["server_name"] == "0.0.0.0"
    assert launch_options()["server_port"] == 7870
    assert launch_options("10.0.0.1", 9000)["server_name"] == "10.0.0.1"
    assert launch_options("10.0.0.1", 9000)["server_port"] == 9000


@pytest.mark.parametrize("argv", [["app.py"], ["app.py", "--host", "0.0.0.0", "--port", "7999"]])
def test_app_py_serves_with_settings_from_the_environment(monkeypatch, argv):
    calls = []
    monkeypatch.setattr(
        ui, "serve", lambda settings, host, port: calls.append((settings, host, port))
    )
    monkeypatch.setattr("sys.argv", argv)
    with pytest.raises(SystemExit) as exit_info:
        runpy.run_path(str(PROJECT / "app.py"), run_name="__main__")
    assert exit_info.value.code == 0
    expected = (None, None) if len(argv) == 1 else ("0.0.0.0", 7999)
    assert calls == [(Settings.from_env(), *expected)]


# ---- start-up on a missing, stale or corrupt index (real model) --------------------------


def private_copy(settings: Settings, folder: Path) -> Settings:
    shutil.copytree(settings.corpus_dir, folder / "corpus")
    shutil.copytree(settings.index_dir, folder / "index")
    return Settings(corpus_dir=folder / "corpus", index_dir=folder / "index")


@pytest.mark.slow
def test_without_index_the_app_builds_it_first_and_says_so(seed_start):
    engine, steps = seed_start
    assert "Construction de l'index avant de démarrer…" in steps
    assert not engine.rebuilding and engine.status == ""
    assert engine.assistant.ask("C'est quoi une myosite ?").answered


@pytest.mark.slow
def test_stale_index_answers_from_the_last_good_one_while_rebuilding(
    seed_engine, seed_settings, tmp_path
):
    settings = private_copy(seed_settings, tmp_path)
    (settings.corpus_dir / "ajout-kine.txt").write_text(
        "Kinésithérapie et myosite\n\nLa kinésithérapie douce aide à garder la force des "
        "muscles pendant une poussée de myosite.\n",
        encoding="utf-8",
    )
    gate = threading.Event()

    def step(message: str) -> None:  # holds the background rebuild until the test has looked
        if threading.current_thread().name == "myoqa-rebuild":
            gate.wait(60)

    engine = Engine.start(settings, model=shared_model(), on_step=step)
    assert engine.rebuilding and engine.status == REBUILDING
    app = build_app(engine)
    assert any(REBUILDING in str(c.get("props", {}).get("value")) for c in app.config["components"])
    assert engine.assistant.ask("C'est quoi une myosite ?").answered
    assert not any(c.doc_id == "ajout-kine" for c in engine.assistant.index.chunks)
    gate.set()
    deadline = time.monotonic() + 90
    while engine.rebuilding and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not engine.rebuilding and engine.status == ""
    assert any(c.doc_id == "ajout-kine" for c in engine.assistant.index.chunks)


@pytest.mark.slow
def test_corrupt_index_is_rebuilt_before_serving(seed_engine, seed_settings, tmp_path):
    settings = private_copy(seed_settings, tmp_path)
    (current_generation(settings.index_dir) / "vectors.faiss").write_bytes(b"\x00" * 10)
    steps: list[str] = []
    engine = Engine.start(settings, model=shared_model(), on_step=steps.append)
    assert "Construction de l'index avant de démarrer…" in steps
    assert not engine.rebuilding and engine.assistant.ask("C'est quoi une myosite ?").answered


# ---- the filters follow the index the engine serves (real model, tiny corpus) ----------


class Page:
    """One browser page of ``app``: the values it shows and sends with each event, run
    in-process through Gradio's own input checks and updates, as the server runs them."""

    def __init__(self, app: gr.Blocks) -> None:
        self.app = app
        self.session = SessionState(app)
        self.values: dict[int, Any] = {}  # set by the user or by an event's update

    def find(self, kind: type[gr.components.Component], **attrs: Any) -> Any:
        """The app's one component of this kind with these attributes."""
        (found,) = [
            b
            for b in self.app.blocks.values()
            if isinstance(b, kind) and all(getattr(b, k) == v for k, v in attrs.items())
        ]
        return found

    def value(self, component: Any) -> Any:
        return self.values.get(component._id, component.value)

    def choices(self, component: Any) -> list[Any]:
        """The choices this page shows (and the server accepts) for ``component``."""
        return [value for _, value in self.session[component._id].choices]

    def select(self, component: Any, value: Any) -> None:
        self.values[component._id] = value

    def fire(self, target: Any, event: str) -> list[Any]:
        fn = next(f for f in self.app.fns.values() if (target._id, event) in f.targets)
        inputs = [self.value(c) for c in fn.inputs]
        out = asyncio.run(self.app.process_api(fn, inputs, state=self.session))["data"]
        for component, data in zip(fn.outputs, out, strict=True):
            if not isinstance(data, dict) or data.get("__type__") != "update":
                self.values[component._id] = data
            elif "value" in data:
                self.values[component._id] = data["value"]
        return out


def wait_for_rebuild(engine: Engine, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while engine.rebuilding and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not engine.rebuilding and engine.status == ""


@pytest.mark.slow
def test_document_filter_follows_the_rebuilt_index_without_restart(tmp_path):
    root = tmp_path
    settings = Settings(corpus_dir=write_tiny_corpus(root / "corpus"), index_dir=root / "index")
    build_index(settings, model=shared_model(), progress=False, on_step=lambda _: None)
    (settings.corpus_dir / "ajout-kine.txt").write_text(
        "Kinésithérapie et myosite\n\nLa kinésithérapie douce aide à garder la force des "
        "muscles pendant une poussée de myosite.\n",
        encoding="utf-8",
    )
    (settings.corpus_dir / "ajout-sommeil.txt").write_text(
        "Sommeil et myosite\n\nUne fatigue au réveil est fréquente pendant une poussée.\n",
        encoding="utf-8",
    )
    (settings.corpus_dir / "forum-fatigue.txt").unlink()
    gate = threading.Event()

    def step(message: str) -> None:  # holds the background rebuild until the test has looked
        if threading.current_thread().name == "myoqa-rebuild":
            gate.wait(60)

    engine = Engine.start(settings, model=shared_model(), on_step=step)
    assert engine.rebuilding
    app = build_app(engine)
    early = Page(app)  # opened while the last good index answers
    doc_filter = early.find(gr.Dropdown, label="Documents")
    question = early.find(gr.Textbox, elem_id="myoqa-question")
    send = early.find(gr.Button, value="Envoyer")
    timer = early.find(gr.Timer)
    early.fire(app, "load")
    before = ["breve-calcinose", "forum-fatigue", "guide-myosites"]
    assert sorted(early.choices(doc_filter)) == before
    early.select(doc_filter, ["forum-fatigue", "guide-myosites"])

    gate.set()
    wait_for_rebuild(engine)
    early.fire(timer, "tick")  # the page's status timer notices the end of the rebuild
    after = ["ajout-kine", "ajout-sommeil", "breve-calcinose", "guide-myosites"]
    assert sorted(early.choices(doc_filter)) == after
    header = next(b for b in app.blocks.values() if "<h1>" in str(getattr(b, "value", "")))
    assert "de 3 documents" in header.value  # as built, from the last good index
    assert "de 4 documents" in early.value(header)  # the page now shows the rebuilt one
    assert early.value(doc_filter) == ["guide-myosites"]  # the removed document is unselected

    early.select(doc_filter, ["ajout-kine"])
    early.select(question, "La kinésithérapie aide-t-elle pendant une poussée de myosite ?")
    chat, *_ = early.fire(send, "click")
    assert "Kinésithérapie et myosite" in chat_texts(chat)[-1][1]

    late = Page(app)  # opened after the rebuild, from the app built before it
    late.fire(app, "load")
    assert sorted(late.choices(doc_filter)) == after


# ---- the real app on a loopback port, through gradio_client ----------------------------


@pytest.fixture(scope="module")
def client(live_app: str) -> Client:
    return Client(live_app, verbose=False)


def chat_texts(messages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(role, text) of each chat message as the client receives it."""

    def text(content: Any) -> str:
        if isinstance(content, str):
            return content
        return "".join(part.get("text") or "" for part in content)

    return [(m["role"], text(m["content"])) for m in messages]


@pytest.mark.slow
def test_api_lists_the_named_endpoints(client):
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert set(endpoints) == {"/ask", "/verify"}
    assert [p["parameter_name"] for p in endpoints["/ask"]["parameters"]] == ["question", "history"]
    assert [p["parameter_name"] for p in endpoints["/verify"]["parameters"]] == ["text"]


@pytest.mark.slow
def test_ask_returns_the_json_of_the_cli(client, seed_engine):
    data = client.predict("C'est quoi une myosite ?", [], api_name="/ask")
    expected = seed_engine.assistant.ask("C'est quoi une myosite ?").to_json()
    data.pop("elapsed_ms"), expected.pop("elapsed_ms")
    assert data == expected
    assert data["answered"] and data["answers"][0]["source"]["title"]
    first = data["answers"][0]
    assert first["passage"][first["start"] : first["end"]] == first["text"]


@pytest.mark.slow
def test_ask_follow_up_uses_the_earlier_questions(client):
    earlier = "Quels essais sont en cours dans la myosite à inclusions ?"
    data = client.predict("Et pour la dermatomyosite ?", [earlier], api_name="/ask")
    alone = client.predict("Et pour la dermatomyosite ?", [], api_name="/ask")
    assert data["question"] == "Et pour la dermatomyosite ?"
    assert data["query"] != data["question"] and alone["query"] == alone["question"]
    assert data["answered"]


@pytest.mark.slow
def test_ask_abstains_when_the_corpus_does_not_answer(client):
    data = client.predict("Quel temps fera-t-il demain à Paris ?", [], api_name="/ask")
    assert data["answered"] is False and data["answers"] == []


@pytest.mark.slow
def test_verify_finds_a_trial_id_and_says_when_nothing_matches(client, seed_engine):
    data = client.predict("NCT04999020", api_name="/verify")
    assert data == seed_engine.assistant.verify("NCT04999020").to_json()
    assert data["found"] and data["matches"][0]["text"] == "NCT04999020"
    assert data["matches"][0]["similarity"] >= 0.9
    nothing = client.predict(
        "Le chocolat noir guérit la grippe aviaire en deux jours.", api_name="/verify"
    )
    assert nothing == {
        "query": "Le chocolat noir guérit la grippe aviaire en deux jours.",
        "found": False,
        "matches": [],
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "La question est vide."),
        (" \x00\x01 ", "La question est vide."),
        ("x" * 20_000, "trop long"),
    ],
)
def test_bad_api_input_gets_a_french_message_and_the_app_keeps_serving(client, question, message):
    with pytest.raises(AppError, match=message):
        client.predict(question, [], api_name="/ask")
    assert client.predict("C'est quoi une myosite ?", [], api_name="/ask")["answered"]


def searched(reply_html: str) -> str:
    """The 'Recherché : « … »' part of a chat reply: the query after follow-up resolution."""
    found = re.search(r"Recherché : « (.*?) »", html.unescape(reply_html))
    return found.group(1) if found else ""


@pytest.mark.slow
def test_chat_sessions_keep_their_own_conversation(live_app):
    alice, bob = Client(live_app, verbose=False), Client(live_app, verbose=False)
    alice.predict(
        "Quels essais sont en cours dans la myosite à inclusions ?", [], [], api_name="/chat"
    )
    bob.predict("C'est quoi une myosite ?", [], [], api_name="/chat")
    chat, box, _, _ = alice.predict("Et pour la dermatomyosite ?", [], [], api_name="/chat")
    messages = chat_texts(chat)
    assert [role for role, _ in messages] == ["user", "assistant"] * 2 and box == ""
    assert "essais" in searched(messages[-1][1])  # Alice's earlier request, not Bob's
    bob_chat = chat_texts(bob.predict("Et pour la dermatomyosite ?", [], [], api_name="/chat")[0])
    assert len(bob_chat) == 4 and "essais" not in searched(bob_chat[-1][1])


@pytest.mark.slow
def test_chat_shows_cited_answer_emergency_banner_and_errors_as_text(live_app):
    user = Client(live_app, verbose=False)
    chat, *_ = user.predict("C'est quoi une myosite ?", [], [], api_name="/chat")
    answer_html = chat_texts(chat)[-1][1]
    assert "<mark>" in answer_html and "Source :" in answer_html and "AFM-Téléthon" in answer_html
    chat, _, alert, _ = user.predict("je n'arrive plus à respirer", [], [], api_name="/chat")
    assert "15" in alert and "myoqa-emergency" in chat_texts(chat)[-1][1]
    chat, *_ = user.predict("<script>alert(1)</script>", [], [], api_name="/chat")
    question, reply = chat_texts(chat)[-2:]
    assert "<script>" not in question[1] and "&lt;script&gt;" in question[1]
    assert NOT_FOUND in html.unescape(reply[1])
    chat, *_ = user.predict("x" * 20_000, [], [], api_name="/chat")
    assert "trop long" in chat_texts(chat)[-1][1] and "Traceback" not in chat_texts(chat)[-1][1]


@pytest.mark.slow
def test_chat_filters_restrict_the_sources(live_app):
    user = Client(live_app, verbose=False)
    chat, *_ = user.predict("Quels traitements ?", [], ["forum"], api_name="/chat")
    reply = chat_texts(chat)[-1][1]
    assert "témoignage de forum" in reply and "brochure</span>" not in reply


@pytest.mark.slow
def test_several_users_at_once_get_their_own_answers(client):
    questions = [
        "C'est quoi une myosite ?",
        "Qu'est-ce que l'essai BIRD ?",
        "Qu'est-ce que l'IMAM ?",
        "Le tofacitinib marche-t-il contre la calcinose ?",
        "Quel temps fera-t-il demain à Paris ?",
        "Qu'est-ce que le zetomipzomib ?",
    ] * 2
    with ThreadPoolExecutor(max_workers=len(questions)) as pool:
        results = list(pool.map(lambda q: client.predict(q, [], api_name="/ask"), questions))
    assert [r["question"] for r in results] == questions
    assert results[0] == {**results[6], "elapsed_ms": results[0]["elapsed_ms"]}
