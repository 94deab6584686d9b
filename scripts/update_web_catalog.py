"""Refresh the web app's message catalogues after UI text changed.

Extracts every translatable string from src/monotown/web (templates and page code) and rewrites
src/monotown/locales/{kk,ru,en}/LC_MESSAGES/web.po, keeping existing translations. Prints the
strings that still need a Kazakh or Russian translation (the test suite fails until they have one).
"""

from __future__ import annotations

import sys

from monotown.web.message_catalog import update_catalogs


def main() -> int:
    missing = update_catalogs()
    for lang, messages in sorted(missing.items()):
        for message in messages:
            print(f"{lang}: untranslated: {message!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
