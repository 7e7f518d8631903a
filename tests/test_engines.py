"""The same site from another engine: ProperDocs, the maintained fork of MkDocs 1.6, builds it byte for byte
(but for the generator tag), so the project stays one command away from a maintained engine."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from .conftest import BUILD_ENV, ROOT

PROPERDOCS = ROOT / ".venv-properdocs" / "bin" / "properdocs"
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
# a fixed release and workbook date, so that the two builds can be compared byte for byte
ENV = {**BUILD_ENV, "SOURCE_DATE_EPOCH": "1767225600", "KB_RELEASE": "0.0.0+test", "KB_BUILD_DATE": "2026-01-01"}


def build(command: list[str], site: Path) -> dict[str, bytes]:
    result = subprocess.run([*command, "build", "--strict", "-d", str(site)], cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return {p.relative_to(site).as_posix(): GENERATOR.sub(b"", p.read_bytes()) for p in sorted(site.rglob("*")) if p.is_file()}


def test_properdocs_builds_the_same_site(tmp_path: Path) -> None:
    assert PROPERDOCS.exists(), f"{PROPERDOCS} missing: make test makes it (make .venv-properdocs/.installed)"
    mkdocs = build([sys.executable, "-m", "mkdocs"], tmp_path / "mkdocs")
    properdocs = build([str(PROPERDOCS)], tmp_path / "properdocs")
    assert sorted(properdocs) == sorted(mkdocs)
    assert [name for name in mkdocs if properdocs[name] != mkdocs[name]] == []
    generator = (tmp_path / "properdocs" / "index.html").read_text(encoding="utf-8")
    assert 'content="mkdocs-ProperDocs' in generator  # it really was the other engine
