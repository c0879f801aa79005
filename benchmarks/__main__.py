"""``python -m benchmarks NAME [options]``: runs ``benchmarks/NAME.py``'s ``main(argv)``.

``python -m benchmarks ledger [--rows N] [--database sqlite|postgres|both]`` is the ledger's,
``python -m benchmarks social_dashboard [--posts 10000000] [--repeat N]`` the social
dashboard's; every module of this package with a ``main`` is a benchmark (see docs/benchmarks.md).
"""

from __future__ import annotations

import pkgutil
import sys
from importlib import import_module
from pathlib import Path


def available() -> list[str]:
    folder = str(Path(__file__).parent)
    return sorted(m.name for m in pkgutil.iter_modules([folder]) if not m.name.startswith("_"))


def main(argv: list[str]) -> int:
    names = available()
    if not argv or argv[0] not in names:
        print(f"usage: python -m benchmarks {{{'|'.join(names)}}} [options]")
        return 2
    return import_module(f"benchmarks.{argv[0]}").main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
