"""Test-wide settings: the pack and lexicon cache lives in a temporary folder, never in the
user's ~/.cache, and subprocesses started by tests inherit it."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("REPAIR_CACHE_DIR", tempfile.mkdtemp(prefix="repair-test-cache-"))
