"""The CLI reference (docs/cli.md), generated from the commands themselves.

``kampanye clidoc > docs/cli.md`` rewrites it; ``tests/test_docs.py`` fails when it is stale.
"""

from __future__ import annotations

import argparse
import os

from django.core.management import get_commands, load_command_class

# The product's own commands, in the order a newcomer meets them.
COMMANDS = (
    "demo",
    "serve",
    "worker",
    "check",
    "import",
    "export",
    "createuser",
    "createtoken",
    "tokens",
    "forget",
    "retention",
    "social",
    "nlp",
    "planner",
    "scenario",
    "clidoc",
)


def render() -> str:
    os.environ["COLUMNS"] = "100"
    known = get_commands()
    parts = [
        "# CLI reference\n",
        "Generated from the code by `kampanye clidoc > docs/cli.md`; do not edit by hand.\n",
        "Every Django management command also works (`kampanye migrate`, `kampanye shell`, …).\n",
    ]
    for name in COMMANDS:
        if name == "nlp":  # answered before Django is set up, by the nlp library itself
            from kampanye.nlp._cli import parser as nlp_parser

            parser = nlp_parser()
        elif name not in known:
            continue
        else:
            parser = load_command_class(known[name], name).create_parser("kampanye", name)
        parts.append(f"\n## kampanye {name}\n\n```text\n{parser.format_help().rstrip()}\n```\n")
        for sub, subparser in _subcommands(parser):
            text = subparser.format_help().rstrip()
            parts.append(f"\n### kampanye {name} {sub}\n\n```text\n{text}\n```\n")
    return "".join(parts)


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    """The sub-commands of a command (``kampanye social ingest`` …), in the order declared."""
    return [
        (sub, subparser)
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for sub, subparser in action.choices.items()
    ]
