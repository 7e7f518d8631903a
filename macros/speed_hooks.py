"""MkDocs hooks (mkdocs.yml: hooks), for speed only: an engine that ignores them builds the same site.

Each hook only calls the package. A build split over processes (macros/shard.py): nothing happens unless
`python -m macros build` set KB_SHARD. `make serve FAST=1` rebuilds sooner and lighter (macros/serving.py).
And the theme's templates compiled once, not on every build: `mkdocs serve` makes a new Jinja environment for
each rebuild, and compiling Material's templates was a quarter of a page edit's rebuild. And each page's Markdown
let go of once it is rendered (memory: MkDocs keeps every page until the last is written)."""

from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from macros import serving, shard
from macros.disk_cache import FOLDER


def on_startup(command, dirty):
    serving.start(command, dirty)


def on_config(config):
    shard.configure(config)
    serving.configure(config)
    return config


def on_files(files, config):
    shard.split_static_files(files)
    return files


def on_pre_page(page, config, files):
    shard.set_aside(page)
    return page


def on_page_read_source(page, config):
    return shard.front_matter_only(page)


def on_page_content(html, page, config, files):
    shard.let_go_of_source(page)
    return html


def on_env(env, config, files):
    folder = Path(config.config_file_path).parent / FOLDER / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))  # keyed by each template's source: edits recompile
    shard.exchange(files, config.site_dir)
    return env


def on_post_build(config):
    serving.built()


def on_serve(server, config, builder):
    return serving.watch_with_system_events(server, serving.watched_before_hooks(config))
