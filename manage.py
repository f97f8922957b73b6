#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atmp_advisor.settings")
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
