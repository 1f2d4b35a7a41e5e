"""The ``jiandu`` command: Django's management commands, plus ``serve``, ``worker``,
``demo`` and ``audit verify`` (all of them management commands of jiandu's apps).
Every command honours ``DATABASE_URL``."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiandu.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "jiandu"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
