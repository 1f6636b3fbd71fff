#!/usr/bin/env python
"""Django's command-line utility for the Foot Drop Clinic site."""

import os
import sys


def main():
    # Files this process creates (the SQLite database, its journal, a dump) are the owner's alone:
    # they hold patient data.
    os.umask(0o077)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "footdrop_site.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
