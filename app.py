"""Start the web app on the bundled corpus: ``python app.py`` (the Hugging Face Spaces
convention), the same as ``myoqa serve``. Host and port follow ``GRADIO_SERVER_NAME`` /
``GRADIO_SERVER_PORT`` (or ``--host`` / ``--port``); settings come from ``Settings.from_env()``.
"""

from __future__ import annotations

import os

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported: no telemetry

import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent / "src"
if SRC.is_dir() and str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))  # run from a checkout without installing the package

from myoqa.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
