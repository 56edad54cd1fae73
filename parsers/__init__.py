"""Pure-Python parsers for Chinese government reports: bytes in, plain rows out.

Nothing here imports Dagster or dbt; every function works on strings and is unit-tested
on real sentences from the seed reports.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def parser_version() -> str:
    """A fingerprint of the parser code and data and of the extractors' versions: rows parsed by
    another version are parsed again."""
    from parsers.extract import extractor_versions

    digest = hashlib.sha256(extractor_versions().encode())
    for path in sorted(_PACKAGE_DIR.rglob("*")):
        if path.suffix in {".py", ".txt", ".csv"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
