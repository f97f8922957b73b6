#!/usr/bin/env python
import os
import secrets
import sys

# Commands that touch no database, session or signed value: they need no web secret, so an
# unset DJANGO_SECRET_KEY gets a throwaway one for this process instead of stopping start-up.
OFFLINE_COMMANDS = {"assess", "export_memo"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atmp_advisor.settings")
    if sys.argv[1:2] and sys.argv[1] in OFFLINE_COMMANDS and not os.environ.get("DJANGO_SECRET_KEY"):
        os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(64)
    from django.core.management import execute_from_command_line

    from atmp_advisor.env import SettingError

    try:
        execute_from_command_line(sys.argv)
    except SettingError as exc:
        # Bad configuration is a clear message naming the variable, never a traceback.
        sys.stderr.write(f"configuration error: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
