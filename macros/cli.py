"""python -m macros check | sync | build — the commands editors and the Makefile use."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import generated
from .store import DataError, Store, build_store


def _load(root: Path) -> Store | None:
    try:
        return build_store(root)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return None


def check(root: Path) -> int:
    """Validate data/ and the practice pages; also report stale generated files."""
    store = _load(root)
    if store is None:
        return 1
    problems = generated.stale(root, store)
    if problems:
        print(DataError(problems).report(), file=sys.stderr)
        return 1
    metrics = sum(len(p.metrics) for p in store.practices.values())
    print(
        f"ok: {len(store.practices)} practices, {metrics} metrics, {len(store.places)} places, "
        f"{len(store.sources)} sources, {len(store.themes)} themes, {len(store.terms)} terms"
    )
    return 0


def sync(root: Path) -> int:
    """Validate, then rewrite the generated files."""
    store = _load(root)
    if store is None:
        return 1
    for path in generated.write(root, store):
        print(f"wrote {path}")
    return 0


def build(root: Path, site_dir: Path, config: str, strict: bool = True) -> int:
    """Build into a temporary folder and replace `site_dir` only if the build succeeded."""
    if sync(root) != 0:
        print(f"build stopped; {site_dir} left as it was", file=sys.stderr)
        return 1
    site_dir = (root / site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    command = [sys.executable, "-m", "mkdocs", "build", "-f", config, "-d", str(staging)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([*command, "--strict"] if strict else command, cwd=root, env=env)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build failed (exit {result.returncode}); {site_dir} left as it was", file=sys.stderr)
        return result.returncode
    old = site_dir.with_name(f".{site_dir.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    print(f"built {site_dir}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description="基层治理实践知识库：数据校验与构建")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="项目根目录（默认当前目录）")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="校验 data/ 与做法页面，列出全部问题")
    commands.add_parser("sync", help="校验后重新生成 data/generated/ 中的文件")
    b = commands.add_parser("build", help="构建站点；失败时保留原有输出")
    b.add_argument("--site-dir", type=Path, default=Path("site"))
    b.add_argument("-f", "--config-file", default="mkdocs.yml")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "check":
        return check(root)
    if args.command == "sync":
        return sync(root)
    return build(root, args.site_dir, args.config_file)
