"""Session fixtures for the app tests: the seed corpus indexed once with the real model,
and the app served on a free loopback port (shared by tests/test_app.py and
tests/test_browser.py). Plain helpers live in tests/helpers.py."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import copy_seed_corpus, shared_model

from myoqa.config import Settings


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A private copy of the seed corpus, with no index yet."""
    root = tmp_path_factory.mktemp("seed")
    return Settings(corpus_dir=copy_seed_corpus(root / "corpus"), index_dir=root / "index")


@pytest.fixture(scope="session")
def seed_start(seed_settings: Settings) -> tuple[Any, list[str]]:
    """The app's engine started on the seed corpus (it finds no index and builds it first),
    and the steps it announced."""
    from myoqa.ui import Engine

    steps: list[str] = []
    return Engine.start(seed_settings, model=shared_model(), on_step=steps.append), steps


@pytest.fixture(scope="session")
def seed_engine(seed_start: tuple[Any, list[str]]) -> Any:
    return seed_start[0]


@pytest.fixture(scope="session")
def live_app(seed_engine) -> Iterator[str]:
    """The real app, served on a free loopback port; yields its URL."""
    from myoqa.ui import build_app, launch_options

    app = build_app(seed_engine)
    port = free_port()
    app.launch(**launch_options("127.0.0.1", port), prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()


@pytest.fixture
def unused_port() -> int:
    """A free TCP port on the loopback interface."""
    return free_port()


@pytest.fixture(scope="session")
def docs_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "docs"
