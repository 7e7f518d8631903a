"""What build this is: the project version, the date the content last changed, and the build date.

Shown in every page footer and in the name of the distribution zip. No MkDocs import.
"""

from __future__ import annotations

import os
import subprocess
import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

CONTENT = ("data", "docs")


@dataclass(frozen=True)
class Release:
    name: str  # project name from pyproject.toml
    version: str  # from pyproject.toml
    content_date: date  # last change to data/ or docs/
    build_date: date

    @property
    def label(self) -> str:
        """`0.1.0+20261124`: the project version plus the date of the content it carries."""
        return f"{self.version}+{self.content_date:%Y%m%d}"


def content_date(root: Path) -> date:
    """Date of the last commit touching data/ or docs/; the newest file's date outside a git checkout."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", *CONTENT], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        if out:
            return date.fromisoformat(out)
    except (OSError, subprocess.CalledProcessError):
        pass
    newest = max(p.stat().st_mtime for folder in CONTENT for p in (root / folder).rglob("*") if p.is_file())
    return datetime.fromtimestamp(newest, UTC).date()


def source_date_epoch() -> datetime | None:
    """SOURCE_DATE_EPOCH, the time a reproducible build stamps on what it makes; None when unset."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), UTC) if epoch else None


def build_date() -> date:
    """Today (UTC), or SOURCE_DATE_EPOCH for reproducible builds."""
    return (source_date_epoch() or datetime.now(UTC)).date()


def release(root: Path) -> Release:
    with open(root / "pyproject.toml", "rb") as f:
        project = tomllib.load(f)["project"]
    return Release(project["name"], project["version"], content_date(root), build_date())


def release_env(root: Path) -> dict[str, str]:
    """The environment through which a build passes the footer's version and date to mkdocs.yml (extra)."""
    current = release(root)
    return {"KB_RELEASE": current.label, "KB_BUILD_DATE": current.build_date.isoformat()}
