"""The ``kampanye`` command: Django's management commands with the project's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "kampanye"
    # commands that need neither Django nor the web application answer without loading them
    if len(argv) == 2 and argv[1] in ("--version", "-V", "version"):
        from kampanye import __version__

        print(f"kampanye {__version__}")
        return
    if len(argv) > 1 and argv[1] == "nlp":
        from kampanye.nlp._cli import main as nlp

        sys.exit(nlp(argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kampanye.settings")
    if len(argv) == 1 or (len(argv) == 2 and argv[1] in ("-h", "--help", "help")):
        print(
            "kampanye — platform kampanye terpadu / integrated campaign platform\n\n"
            "Usage: kampanye COMMAND [options]    (kampanye COMMAND --help for details)\n\n"
            "Main commands:\n"
            "  demo      build the Jakarta 2012 demo workspace and serve it\n"
            "  serve     serve the web app (production WSGI server)\n"
            "  worker    run background tasks\n"
            "  import    import a CSV/XLSX file (contestants, areas, results, segments, planks)\n"
            "  export    export the same kinds of records to CSV/XLSX\n"
            "  check     check configuration and database\n"
            "  createuser   create a user with a role and area scope\n"
            "  createtoken  create an API token for a user\n"
            "  forget    delete a person's personal data (UU PDP)\n"
            "  nlp       train, run and evaluate the Indonesian sentiment model\n"
            "  planner   backtest the electorate simulator on a past election\n\n"
            "Every Django management command also works (migrate, shell, …);\n"
            "kampanye --version prints the version."
        )
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
