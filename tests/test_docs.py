"""The README and the CLI agree: every command the README shows parses with the real parser,
every subcommand is documented, and the two quick-start commands run scripts that exist.

The README is read at test time; without a README.md the checks are skipped.
"""

from __future__ import annotations

import re
import shlex

import pytest
from helpers import PROJECT

from myoqa.cli import build_parser

README = PROJECT / "README.md"
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
INLINE = re.compile(r"`([^`\n]+)`")
PREFIXES = ("myoqa ", "python -m myoqa ", ".venv/bin/myoqa ")


def readme() -> str:
    if not README.is_file():
        pytest.skip("README.md is not written yet")
    return README.read_text(encoding="utf-8")


def code_lines(text: str) -> list[str]:
    """Lines of fenced code blocks, then inline code spans outside them."""
    blocks = FENCE.findall(text)
    lines = [line.strip() for block in blocks for line in block.splitlines() if line.strip()]
    prose = FENCE.sub("", text)
    return lines + [span.strip() for span in INLINE.findall(prose)]


def cli_examples(text: str) -> list[list[str]]:
    """The ``myoqa ...`` commands of the README, as argument lists for the parser.

    Optional parts written ``[--split dev|test|all]`` are taken as given, with the first
    alternative.
    """
    examples = []
    for line in code_lines(text):
        prefix = next((p for p in PREFIXES if line.startswith(p)), None)
        if prefix is None:
            continue
        args = []
        for token in shlex.split(line[len(prefix) :], comments=True):
            token = token.strip("[]")
            if "|" in token and not token.startswith("{"):
                token = token.split("|")[0]
            if token:
                args.append(token)
        if args:
            examples.append(args)
    return examples


def subcommands() -> set[str]:
    (action,) = [a for a in build_parser()._actions if a.dest == "command"]
    return set(action.choices)


def test_readme_shows_cli_examples() -> None:
    assert cli_examples(readme()), "the README shows no `myoqa ...` command"


def test_every_readme_command_parses_with_the_real_cli() -> None:
    parser = build_parser()
    for args in cli_examples(readme()):
        assert args[0] in subcommands(), f"`myoqa {args[0]}` is not a myoqa command"
        try:
            parser.parse_args(args)
        except SystemExit as exc:  # argparse's way to reject arguments
            pytest.fail(f"README command `myoqa {' '.join(args)}` does not parse ({exc})")


def test_every_subcommand_is_documented_in_the_readme() -> None:
    documented = {args[0] for args in cli_examples(readme())}
    assert subcommands() <= documented, sorted(subcommands() - documented)


def quick_start_commands(text: str) -> list[str]:
    match = re.search(
        r"^#+\s*(?:quick\s*start|démarrage rapide)\b.*?$(.*?)(?=^#+\s)",
        text + "\n#",
        re.I | re.M | re.S,
    )
    assert match, "the README has no Quick start section"
    blocks = FENCE.findall(match.group(1))
    assert blocks, "the Quick start section has no code block"
    commands = []
    for line in blocks[0].splitlines():
        command = line.split(" #")[0].strip()
        if command and not command.startswith("#"):
            commands.append(command)
    return commands


def referenced_files(command_or_script: str) -> list[str]:
    return re.findall(r"(?<![\w/.-])((?:\.?[\w-]+/)*[\w.-]+\.(?:sh|py))\b", command_or_script)


def test_the_quick_start_is_two_commands_running_scripts_that_exist() -> None:
    commands = quick_start_commands(readme())
    assert len(commands) == 2, commands
    for command in commands:
        files = referenced_files(command)
        assert files, f"`{command}` runs no script"
        for name in files:
            script = PROJECT / name
            assert script.is_file(), f"`{command}`: {name} does not exist"
            for inner in referenced_files(script.read_text(encoding="utf-8")):
                assert (PROJECT / inner).is_file(), f"{name} uses {inner}, which does not exist"


def test_ci_runs_the_quick_start_test_command() -> None:
    test_command = next((c for c in quick_start_commands(readme()) if "test" in c), None)
    assert test_command, "no quick-start command runs the tests"
    ci = PROJECT / ".ci" / "run"
    assert ci.is_file()
    for name in referenced_files(test_command):
        assert name in ci.read_text(encoding="utf-8")


CONTRACT_KEYS = [
    "id",
    "question",
    "query",
    "answered",
    "elapsed_ms",
    "answers",
    "text",
    "passage",
    "score",
    "source",
    "doc_id",
    "title",
    "page",
    "section",
    "url",
    "date",
    "type",
]


def test_the_readme_documents_the_json_contract() -> None:
    from myoqa.assistant import AskResult

    text = readme()
    printed = AskResult("q", "q", answered=False, answers=(), confidence=0.0, elapsed_ms=0.0)
    keys = [*printed.to_json(), *CONTRACT_KEYS]
    missing = [key for key in keys if f'"{key}"' not in text]
    assert not missing, missing


def test_every_help_shows_an_example() -> None:
    parser = build_parser()
    (action,) = [a for a in parser._actions if a.dest == "command"]
    assert "exemple" in parser.format_help()
    for name, sub in action.choices.items():
        assert "exemple" in sub.format_help() and f"myoqa {name}" in sub.format_help(), name
