"""MkDocs hooks (mkdocs.yml: hooks) for a build split over processes: each only calls macros/shard.py, and each
does nothing unless `python -m macros build` set KB_SHARD. An engine that ignores hooks builds the same site
in one process (`python -m macros build` shards only under MkDocs)."""

from macros import shard


def on_config(config):
    shard.configure(config)
    return config


def on_files(files, config):
    shard.split_static_files(files)
    return files


def on_page_read_source(page, config):
    return shard.front_matter_only(page)


def on_page_content(html, page, config, files):
    shard.set_aside(page)
    return html


def on_env(env, config, files):
    shard.exchange(files, config.site_dir)
    return env
