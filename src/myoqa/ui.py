"""The web app (Gradio): a chat for patients and moderators, citation checking for staff.

Answers are rendered from the JSON of ``myoqa ask --json`` by small pure functions
(``render_*``): every piece of corpus or user text put into HTML goes through
``html.escape``, and highlights come from offsets. Questions are health data: no
analytics, no question logged, loopback only and no share link unless configured.
"""

from __future__ import annotations

import os

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported: no telemetry

import html
import logging
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlparse

import gradio as gr

from myoqa.assistant import NOT_FOUND, PERSONAL_ADVICE, Assistant
from myoqa.citations import TYPE_LABELS, markdown_reply, source_details
from myoqa.config import Settings
from myoqa.embedding import load_model
from myoqa.errors import (
    IndexCorruptError,
    IndexMissingError,
    IndexStaleError,
    MyoqaError,
    QuestionError,
)
from myoqa.index import LoadedIndex, build_index, load_index
from myoqa.retrieval import Filters

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
# Each question costs ~0.1 s of numpy work on the shared, read-only assistant: a few
# workers overlap it (numpy releases the GIL) and the bounded queue absorbs bursts.
CONCURRENCY = 4
QUEUE_SIZE = 64
REBUILDING = "Index en cours de reconstruction… Les réponses viennent du dernier index valide."
NOTICE = (
    "Informations tirées de documents, pas un avis médical : parlez-en à votre médecin. "
    "Urgence : 15 ou 112 — détresse, idées suicidaires : 3114."
)
PLACEHOLDER = (
    "Posez une question en français. Chaque réponse est une phrase copiée des "
    "documents, puis le passage d’où elle vient et sa source. Des exemples pour les "
    "patients, les modérateurs et l’équipe soignante sont sous la zone de saisie."
)
SHOWN_QUESTION_CHARS = 300
EXAMPLES = {
    "Patients": [
        "C'est quoi une myosite ?",
        "Est-ce que la myosite est héréditaire ?",
        "Le tofacitinib marche-t-il contre la calcinose ?",
    ],
    "Modérateurs": [
        "Qu'est-ce que l'essai BIRD ?",
        "Le rituximab est-il efficace dans les myosites réfractaires ?",
        "Existe-t-il un registre de patients dédié à la myosite à inclusions ?",
    ],
    "Équipe soignante et recherche": [
        "Quels auto-anticorps sont considérés comme spécifiques de la dermatomyosite ?",
        "Que recommande l'EULAR sur le risque cardiovasculaire dans les myosites ?",
        "Pourquoi le tofacitinib agirait-il spécifiquement sur la calcinose ?",
    ],
}
VERIFY_EXAMPLES = [
    "NCT04999020",
    "Benveniste O. et al. The Lancet Rheumatology January 2021",
    "« le système immunitaire dépasse son rôle de défense »",
    "Les myosites touchent environ 6 à 7 personnes sur 100 000.",
]
CSS = """
.myoqa-notice { font-size: .9em; padding: .4em .8em; border-left: 4px solid #64748b; }
.myoqa-status { padding: .4em .8em; border-left: 4px solid #d97706; background: #fef3c7; }
.myoqa-emergency { padding: .6em .9em; border: 2px solid #b91c1c; background: #fee2e2;
  color: #7f1d1d; font-weight: 600; border-radius: 6px; margin-bottom: .6em; }
.myoqa-extract { font-weight: 600; padding-left: .6em; border-left: 4px solid #2563eb; }
.myoqa-passage { font-size: .92em; padding: .5em .7em; border-radius: 6px; margin: .3em 0;
  background: var(--background-fill-secondary); }
.myoqa-passage mark { background: #fde68a; color: inherit; }
.myoqa-cite, .myoqa-searched, .myoqa-small { font-size: .88em; }
.myoqa-type { font-size: .8em; text-transform: uppercase; padding: 0 .4em; border: 1px solid; }
.myoqa-testimony { color: #9a3412; font-style: italic; }
.myoqa-pct { font-weight: 700; font-size: 1.1em; }
"""


# ---- rendering: pure functions from the JSON contract to escaped HTML -----------------


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _text(text: str) -> str:
    """Escaped text whose line breaks survive inside an HTML block (no blank line in output)."""
    return re.sub(r"(?:\r?\n)+", "<br>", _esc(text))


def highlight(passage: str, start: int, end: int) -> str:
    """``passage`` as HTML with ``passage[start:end]`` marked: offsets, never a string search."""
    start = max(0, min(start, len(passage)))
    end = max(start, min(end, len(passage)))
    return f"{_text(passage[:start])}<mark>{_text(passage[start:end])}</mark>{_text(passage[end:])}"


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are rendered (no ``javascript:`` from metadata)."""
    return url if url and urlparse(url).scheme in ("http", "https") else None


def citation_html(source: dict[str, Any]) -> str:
    """Title, publisher, date, page or section, link, source type; forum posts are testimonies."""
    kind = source.get("type") or "document"
    details = source_details(source)
    parts = [
        f'<span class="myoqa-type">{_esc(TYPE_LABELS.get(kind, "document"))}</span>&#160; '
        f"<strong>{_esc(source.get('title') or source.get('doc_id') or '')}</strong>"
    ]
    if details:
        parts.append(f" — {_esc(', '.join(details))}")
    url = safe_url(source.get("url"))
    if url:
        parts.append(
            f' — <a href="{_esc(url)}" target="_blank" rel="noopener noreferrer">{_esc(url)}</a>'
        )
    if kind == "forum":
        parts.append(
            ' <span class="myoqa-testimony">Témoignage d’un membre du forum, '
            "pas une information médicale validée.</span>"
        )
    return f'<p class="myoqa-cite">Source : {"".join(parts)}</p>'


def answer_html(answer: dict[str, Any]) -> str:
    """The extracted sentence(s), then the passage with them highlighted, then the citation."""
    marked = highlight(answer["passage"], answer["start"], answer["end"])
    return (
        f'<p class="myoqa-extract">« {_text(answer["text"])} »</p>'
        f'<div class="myoqa-passage">{marked}</div>{citation_html(answer["source"])}'
    )


def emergency_html(number: str | None) -> str:
    if not number:
        return ""
    if number == "3114":
        message = (
            "Si vous pensez au suicide ou êtes en détresse, appelez le 3114 (prévention "
            "du suicide, gratuit, 24 h/24). En cas de danger immédiat : 15 ou 112."
        )
    else:
        first, second = ("112", "15 (SAMU)") if number == "112" else ("15 (SAMU)", "112")
        message = (
            f"Urgence possible : appelez tout de suite le {first} ou le {second}. "
            "N’attendez pas une réponse ici."
        )
    return f'<div class="myoqa-emergency" role="alert">⚠ {_esc(message)}</div>'


def searched_html(data: dict[str, Any], always: bool = False) -> str:
    """What was searched, when it differs from the question (follow-up, spelling, lexicon)."""
    lines = []
    if always or data["query"] != data["question"]:
        lines.append(f"Recherché : « {_esc(data['query'])} »")
    if data.get("corrections"):
        lines.append(f"Orthographe corrigée : {_esc(' ; '.join(data['corrections']))}")
    if always and data.get("expansions"):
        lines.append(f"Mots associés cherchés aussi : {_esc(' ; '.join(data['expansions']))}")
    return f'<p class="myoqa-searched">{"<br>".join(lines)}</p>' if lines else ""


def render_answer(data: dict[str, Any], topics: Sequence[str] = (), filtered: bool = False) -> str:
    """One assistant message: emergency banner first, then the answers or the abstention."""
    parts = [emergency_html(data.get("emergency"))]
    if not data["answered"] or not data["answers"]:
        tips = "reformulez avec d’autres mots (le nom de la maladie, du traitement ou de l’essai)"
        tips += ", ou retirez les filtres" if filtered else ""
        if data.get("personal_advice"):
            parts.append(f'<p class="myoqa-advice">{_esc(PERSONAL_ADVICE)}</p>')
        parts += [
            f"<p><strong>{NOT_FOUND}</strong></p>",
            searched_html(data, always=True),
            f"<p>Suggestions : {_esc(tips)}.</p>",
        ]
        if topics:
            items = "".join(f"<li>{_esc(t)}</li>" for t in topics)
            parts.append(f"<p>Sujets proches présents dans les documents :</p><ul>{items}</ul>")
    else:
        best, *others = data["answers"]
        parts += [searched_html(data), answer_html(best)]
        for rank, other in enumerate(others, start=2):
            parts.append(
                f'<details class="myoqa-more"><summary>Autre passage ({rank}) : '
                f"{_esc(other['source'].get('title') or '')}</summary>"
                f"{answer_html(other)}</details>"
            )
    parts.append(f'<p class="myoqa-small"><em>{_esc(NOTICE)}</em></p>')
    return f'<div class="myoqa-answer">{"".join(parts)}</div>'


def render_error(error: MyoqaError | str, hint: str = "") -> str:
    message = str(error)
    hint = hint or getattr(error, "hint", "")
    extra = f"<br>{_esc(hint)}" if hint else ""
    return f'<div class="myoqa-answer myoqa-error"><p>⚠️ {_esc(message)}{extra}</p></div>'


def user_html(question: str) -> str:
    """The question as the user typed it, shown as text (never as HTML or Markdown)."""
    text = " ".join("".join(c if c.isprintable() else " " for c in question).split())
    if len(text) > SHOWN_QUESTION_CHARS:
        text = f"{text[:SHOWN_QUESTION_CHARS]}… ({len(question)} caractères)"
    return f'<div class="myoqa-question">{_esc(text)}</div>'


def render_verification(data: dict[str, Any]) -> str:
    """Best matching locations with their match percentage, or a plain 'nothing matches'."""
    if not data["found"]:
        return (
            '<div class="myoqa-verify"><p><strong>Rien dans le corpus ne correspond à ce '
            "texte.</strong></p><p>Ni la citation, ni une paraphrase proche, ni la référence "
            "n’apparaissent dans les documents indexés.</p></div>"
        )
    rows = [
        f'<div class="myoqa-match"><p><span class="myoqa-pct">{round(m["similarity"] * 100)}'
        f' %</span> de correspondance</p><div class="myoqa-passage">'
        f"{highlight(m['passage'], m['start'], m['end'])}</div>{citation_html(m['source'])}"
        "</div>"
        for m in data["matches"]
    ]
    return f'<div class="myoqa-verify">{"<hr>".join(rows)}</div>'


def related_topics(
    sections: Sequence[str | None], fallback: Sequence[str], limit: int = 5
) -> list[str]:
    """Section titles near the question first, then general corpus topics, without repeats."""
    return list(dict.fromkeys(s for s in [*sections, *fallback] if s))[:limit]


def passage_choices(answers: Sequence[dict[str, Any]]) -> list[tuple[str, int]]:
    """Checkbox labels for 'Préparer une réponse': short quote and title of each answer."""

    def short(text: str, size: int = 90) -> str:
        return text if len(text) <= size else text[: size - 1] + "…"

    return [
        (f"{i + 1}. « {short(a['text'])} » — {a['source'].get('title')}", i)
        for i, a in enumerate(answers)
    ]


def prepare_reply(answers: Sequence[dict[str, Any]], chosen: Sequence[int], whole: bool) -> str:
    """Paste-ready Markdown: the chosen passages quoted, each followed by its source."""
    picked = [answers[i] for i in sorted(set(chosen or ())) if 0 <= i < len(answers)]
    return markdown_reply([(a["passage"] if whole else a["text"], a["source"]) for a in picked])


def corpus_summary(index: LoadedIndex) -> str:
    """One line on what the corpus covers: how many documents, of which kinds, which years."""
    docs = {c.doc_id: c.meta for c in index.chunks}
    kinds = Counter(meta.type for meta in docs.values())
    labels = ", ".join(
        f"{n} {_plural(TYPE_LABELS.get(k, 'document'), n)}"
        for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    years = sorted({m.date[:4] for m in docs.values() if m.date and m.date[:4].isdigit()})
    span = f", {years[0]}–{years[-1]}" if len(years) > 1 else (f", {years[0]}" if years else "")
    return (
        f"Réponses copiées mot pour mot de {len(docs)} documents sur les myopathies "
        f"inflammatoires ({labels}{span}), toujours avec leur source."
    )


def header_html(index: LoadedIndex) -> str:
    """The page title, what the corpus served now covers, and the notice."""
    return (
        f"<h1>myoqa — questions sur les myopathies inflammatoires</h1>"
        f"<p>{_esc(corpus_summary(index))}</p>"
        f'<p class="myoqa-notice">ℹ️ {_esc(NOTICE)}</p>'
    )


def filter_choices(index: LoadedIndex) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(label, value) choices of the two filters: documents by title, then source types."""
    documents = sorted({(c.meta.title, c.doc_id) for c in index.chunks})
    types = sorted({c.meta.type for c in index.chunks})
    return documents, [(TYPE_LABELS.get(t, t), t) for t in types]


def kept_selection(selected: Sequence[str] | None, choices: Sequence[tuple[str, str]]) -> list[str]:
    """The selected values that are still among ``choices``, in their order."""
    values = {value for _, value in choices}
    return [value for value in selected or () if value in values]


def _plural(label: str, n: int) -> str:
    """'brève d'actualité' → 'brèves d'actualité' (the first word carries the plural)."""
    first, _, rest = label.partition(" ")
    return f"{first}s {rest}".strip() if n > 1 and not first.endswith("s") else label


# ---- the shared assistant and its index ---------------------------------------------


class Engine:
    """The shared read-only assistant; a background rebuild swaps it in one assignment."""

    def __init__(self, assistant: Assistant, rebuilding: bool = False) -> None:
        self.assistant = assistant
        self.rebuilding = rebuilding
        self.status = REBUILDING if rebuilding else ""

    @classmethod
    def start(
        cls, settings: Settings, model: Any | None = None, on_step: Callable[[str], None] = print
    ) -> Engine:
        """Load the index; a stale or corrupt one is rebuilt in the background while the
        last good one answers, and when none loads the index is built first."""
        on_step("Chargement du modèle…")
        model = model or load_model(settings.model)
        try:
            return cls(_ready(settings, model, load_index(settings)))
        except (IndexMissingError, IndexStaleError, IndexCorruptError) as exc:
            on_step(str(exc))
            fallback = None if isinstance(exc, IndexMissingError) else _last_good(settings)
        if fallback is None:
            on_step("Construction de l'index avant de démarrer…")
            build_index(settings, model=model, progress=False, on_step=on_step)
            return cls(_ready(settings, model, load_index(settings)))
        engine = cls(_ready(settings, model, fallback), rebuilding=True)
        on_step(REBUILDING)
        threading.Thread(
            target=engine.rebuild,
            args=(settings, model, on_step),
            name="myoqa-rebuild",
            daemon=True,
        ).start()
        return engine

    def rebuild(self, settings: Settings, model: Any, on_step: Callable[[str], None]) -> None:
        try:
            build_index(settings, model=model, progress=False, on_step=on_step)
            self.assistant = _ready(settings, model, load_index(settings))
            self.status = ""
            on_step("Index reconstruit.")
        except Exception as exc:  # keep serving from the last good index, and say so
            log.error("échec de la reconstruction de l'index : %s", exc)
            self.status = (
                f"La reconstruction de l'index a échoué ({exc}). Les réponses "
                "viennent du dernier index valide."
            )
        finally:
            self.rebuilding = False


def _last_good(settings: Settings) -> LoadedIndex | None:
    """The live index even if the corpus changed since it was built, when it still loads."""
    try:
        return load_index(settings, check_corpus=False)
    except MyoqaError:
        return None


def _ready(settings: Settings, model: Any, index: LoadedIndex) -> Assistant:
    assistant = Assistant(settings, model, index)
    assistant.warm_up()
    return assistant


# ---- the Gradio app ---------------------------------------------------------------------


@dataclass(frozen=True)
class Conversation:
    """One browser session: earlier questions (for follow-ups), chat messages, last answers."""

    questions: tuple[str, ...] = ()
    messages: tuple[dict[str, str], ...] = ()
    answers: tuple[dict[str, Any], ...] = ()  # of the last question, for "Préparer une réponse"


def build_app(engine: Engine) -> gr.Blocks:
    index = engine.assistant.index
    documents, types = filter_choices(index)

    def respond(
        question: str, convo: Conversation, doc_ids: list[str], kinds: list[str]
    ) -> tuple[Any, ...]:
        messages = list(convo.messages)
        if question and question.strip():
            messages.append({"role": "user", "content": user_html(question)})
        filters = Filters(frozenset(doc_ids or ()), frozenset(kinds or ()))
        try:
            result = engine.assistant.ask(question or "", convo.questions, filters=filters)
        except Exception as exc:
            if not isinstance(exc, QuestionError):
                log.error("question en échec : %s", type(exc).__name__)  # never the question
                exc = MyoqaError(
                    "Une erreur inattendue est survenue.",
                    "Réessayez dans un instant ou reformulez la question.",
                )
            messages.append({"role": "assistant", "content": render_error(exc)})
            convo = replace(convo, messages=tuple(messages))
            return messages, convo, gr.skip(), gr.skip(), gr.skip()
        data = result.to_json()
        topics = (
            []
            if result.answered
            else related_topics(
                [a.chunk.section for a in result.passages], engine.assistant.suggestions()
            )
        )
        messages.append(
            {"role": "assistant", "content": render_answer(data, topics, bool(doc_ids or kinds))}
        )
        # only answered questions give context to follow-ups: an unanswered one names no topic
        # of the corpus, and would drag the next query away from it
        earlier = (*convo.questions, result.question) if result.answered else convo.questions
        convo = Conversation(earlier, tuple(messages), tuple(data["answers"]))
        picked = gr.CheckboxGroup(
            choices=passage_choices(data["answers"]), value=[0] if data["answers"] else []
        )
        return messages, convo, "", emergency_html(result.emergency) or gr.skip(), picked

    def check(text: str) -> str:
        try:
            return render_verification(engine.assistant.verify(text or "").to_json())
        except QuestionError as exc:
            return render_error(exc)
        except Exception as exc:
            log.error("vérification en échec : %s", type(exc).__name__)
            return render_error("Une erreur inattendue est survenue.", "Réessayez dans un instant.")

    def api_ask(question: str, history: list[str] | None = None) -> dict[str, Any]:
        with _client_errors():
            return engine.assistant.ask(question, list(history or [])).to_json()

    def api_verify(text: str) -> dict[str, Any]:
        with _client_errors():
            return engine.assistant.verify(text).to_json()

    def refresh(doc_ids: list[str] | None, kinds: list[str] | None) -> tuple[Any, ...]:
        """The status line, and the filters' choices from the index served now: on page load,
        and on the timer tick that notices the end of a rebuild (the timer then stops). The
        selection is kept where its documents and types still exist."""
        if engine.rebuilding:  # the index served has not changed yet
            skip = gr.skip()
            return status_html(engine.status), gr.Timer(active=True), skip, skip, skip
        documents, types = filter_choices(engine.assistant.index)
        return (
            status_html(engine.status),
            gr.Timer(active=False),
            header_html(engine.assistant.index),
            gr.Dropdown(choices=documents, value=kept_selection(doc_ids, documents)),
            gr.CheckboxGroup(choices=types, value=kept_selection(kinds, types)),
        )

    heavy = {"concurrency_id": "assistant", "concurrency_limit": CONCURRENCY}
    with gr.Blocks(title="myoqa — myopathies inflammatoires", analytics_enabled=False) as app:
        header = gr.HTML(header_html(index))
        status = gr.HTML(status_html(engine.status))
        timer = gr.Timer(2.0, active=engine.rebuilding)
        convo = gr.State(Conversation())
        with gr.Tabs():
            with gr.Tab("Poser une question", id="chat"):
                alert = gr.HTML("")
                chat = gr.Chatbot(
                    label="Conversation",
                    height=520,
                    elem_id="myoqa-chat",
                    buttons=[],
                    feedback_options=None,
                    latex_delimiters=[],
                    placeholder=PLACEHOLDER,
                )
                with gr.Row():
                    question = gr.Textbox(
                        show_label=False,
                        scale=5,
                        elem_id="myoqa-question",
                        placeholder="Votre question, par exemple : « C'est quoi une myosite ? »",
                    )
                    send = gr.Button("Envoyer", variant="primary", scale=1)
                    reset = gr.Button("Nouvelle conversation", scale=1)
                with gr.Row():
                    for who, examples in EXAMPLES.items():
                        gr.Examples(examples, inputs=question, label=f"Exemples — {who}")
                with gr.Accordion("Filtres", open=False):
                    doc_filter = gr.Dropdown(
                        documents,
                        multiselect=True,
                        label="Documents",
                        info="Aucun choisi : tous les documents.",
                    )
                    type_filter = gr.CheckboxGroup(
                        types,
                        label="Types de source",
                        info="Aucun coché : tous les types.",
                    )
                with gr.Accordion("Préparer une réponse (modérateurs)", open=False):
                    picked = gr.CheckboxGroup([], label="Passages de la dernière réponse à citer")
                    whole = gr.Checkbox(label="Citer le passage entier, pas seulement la phrase")
                    reply = gr.Textbox(
                        label="Réponse prête à coller (Markdown)",
                        lines=8,
                        buttons=["copy"],
                        interactive=False,
                    )
            with gr.Tab("Vérifier une citation", id="verify"):
                quote = gr.Textbox(
                    label="Citation, paraphrase ou référence",
                    lines=3,
                    placeholder="Une phrase, des auteurs et une revue, un "
                    "identifiant d'essai (NCT…)",
                )
                verify = gr.Button("Vérifier", variant="primary")
                gr.Examples(VERIFY_EXAMPLES, inputs=quote, label="Exemples")
                found = gr.HTML(elem_id="myoqa-verification")

        ask_inputs = [question, convo, doc_filter, type_filter]
        ask_outputs = [chat, convo, question, alert, picked]
        for trigger in (question.submit, send.click):
            trigger(
                respond,
                ask_inputs,
                ask_outputs,
                api_name="chat",
                api_visibility="undocumented",
                **heavy,
            )

        def restart() -> tuple[Any, ...]:
            return [], Conversation(), "", "", gr.CheckboxGroup(choices=[]), ""

        for cleared in (reset.click, chat.clear):  # the chat's own bin icon clears it too
            cleared(
                restart,
                None,
                [chat, convo, question, alert, picked, reply],
                api_visibility="private",
            )
        for changed in (picked.change, whole.change):
            changed(
                lambda c, w, s: prepare_reply(s.answers, c, w),
                [picked, whole, convo],
                reply,
                api_visibility="private",
            )
        for trigger in (quote.submit, verify.click):
            trigger(check, quote, found, api_visibility="private", **heavy)
        filters = [doc_filter, type_filter]
        outputs = [status, timer, header, *filters]
        for refreshed in (timer.tick, app.load):
            refreshed(refresh, filters, outputs, api_visibility="private")
        gr.api(
            api_ask,
            api_name="ask",
            api_description="Réponse extraite du corpus (JSON de "
            "`myoqa ask --json`) à une question, avec les questions précédentes.",
            **heavy,
        )
        gr.api(
            api_verify,
            api_name="verify",
            api_description="Où le corpus dit ce texte (JSON de `myoqa verify --json`).",
            **heavy,
        )
    app.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
    return app


@contextmanager
def _client_errors() -> Iterator[None]:
    """A bad question reaches API clients as a French message, not as a server traceback."""
    try:
        yield
    except QuestionError as exc:
        raise gr.Error(
            f"{exc} {exc.hint}", title="Entrée invalide", print_exception=False
        ) from None


def status_html(status: str) -> str:
    return f'<div class="myoqa-status" role="status">{_esc(status)}</div>' if status else ""


def launch_options(host: str | None = None, port: int | None = None) -> dict[str, Any]:
    """Loopback unless configured, Gradio's usual variables, no share link, nothing recorded."""
    env_port = os.environ.get("GRADIO_SERVER_PORT")
    return {
        "server_name": host or os.environ.get("GRADIO_SERVER_NAME") or LOOPBACK,
        "server_port": port or (int(env_port) if env_port else None),
        "share": os.environ.get("GRADIO_SHARE", "").lower() == "true",
        "show_error": False,
        "run_history": False,
        "enable_monitoring": False,
        "mcp_server": False,
        "pwa": False,
        "ssr_mode": False,
        "footer_links": ["api"],
        "css": CSS,
    }


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Start the app (``myoqa serve``, ``python app.py``); builds the index first if needed."""

    def step(message: str) -> None:
        print(f"myoqa : {message}", flush=True)

    engine = Engine.start(settings, on_step=step)
    build_app(engine).launch(**launch_options(host, port))
