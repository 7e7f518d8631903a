"""Results worth keeping between processes, pickled under .cache/ with the key they were made for.

`python -m macros build` validates the data in its sync step and MkDocs then runs in a process of
its own; `make dist` builds twice; `mkdocs serve` restarts. What one process made from the same
input files (the validated store, the data downloads) the next one reads back instead of making
again. A value is only returned under the exact key it was written with, and the key always holds
the code stamp, so a change to the code or to any input file is a miss. A cache must never break a
build: anything unreadable is a miss, and a checkout that cannot be written still builds.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pydantic

FOLDER = Path(".cache")


@cache
def code_stamp() -> str:
    """This package's source, with the pydantic and Python it runs on: what every cached result depends on."""
    here = Path(__file__).parent
    digest = hashlib.sha256(f"{pydantic.VERSION} {sys.version}".encode())
    for path in sorted(here.rglob("*.py")):
        digest.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def read(path: Path, key: object) -> Any:
    """What was written at `path` under `key`, or None."""
    try:
        with path.open("rb") as f:
            return pickle.load(f) if pickle.load(f) == key else None
    except Exception:
        return None


def write(path: Path, key: object, value: object) -> None:
    """Pickle the key, then the value (so that a stale value is never unpickled), atomically."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            pickle.dump(key, f, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
