"""Structural checks: kinds that need code, not patterns (pairing, glue, repeats, encodings).

Importing this package registers every structural kind; the packs still declare the rules
(ids, messages, examples) and configure them.
"""

from repair.checks import duplicates, garbled, glue, markup, mojibake, quotes, untranslated  # noqa: F401
