"""`make serve FAST=1` (`mkdocs serve --dirty`): a saved page rebuilt as soon as it can be.

Noticing a save late. MkDocs' development server looks for changes by polling: it lists the watched folders
every half second, so a save waits a quarter of a second on average (half at worst) before the rebuild
starts, and each look stats every page. The system's own file events (inotify on Linux, FSEvents on macOS,
ReadDirectoryChangesW on Windows; watchdog picks) report a save at once. The folders MkDocs already watches move over to such an
observer through the server's public watch/unwatch; where the system has no such events (or refuses more
watches), the polling observer stays, and only the speed differs.

Redoing what the edit cannot change. Every rebuild renders the 404 page and the sitemap again (with the whole
navigation), and lists every file of the theme to find the few it copies (Material's folder holds 14,000
icons): together a third of a page edit's rebuild at 1,000 practices. A dirty rebuild only re-renders the
pages edited, so their navigation is already the first build's: the first build's 404 page and sitemap stay,
and the theme's folders are walked once per session.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

from jinja2 import FileSystemLoader
from watchdog import events
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from . import shard
from .loading import ready_for_page_saves

log = logging.getLogger("mkdocs.plugins.kb")


def watched_before_hooks(config) -> list[str]:
    """What `mkdocs serve` watches by the time it calls on_serve: the docs folder and mkdocs.yml (the `watch:`
    folders come after the hook, on whichever observer the server has then)."""
    return [path for path in (config.docs_dir, config.config_file_path) if path]


# What polling can see. The system also reports files opened and closed unchanged, and MkDocs rebuilds on any
# event: every rebuild, reading the pages, would start the next.
CHANGES = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileMovedEvent, events.FileDeletedEvent,
           events.DirCreatedEvent, events.DirMovedEvent, events.DirDeletedEvent]


class _ChangesObserver(Observer):
    """The system's observer (Observer is inotify's on Linux), passing on changes only, whoever schedules a watch."""

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or CHANGES,
                                follow_symlink=follow_symlink)


def _system_observer(paths: list[str]):
    """An observer on the system's file events that can watch `paths`, or None (only polling here)."""
    observer = _ChangesObserver()
    if isinstance(observer, PollingObserver):
        return None
    try:
        for path in paths:
            observer.schedule(events.FileSystemEventHandler(), path, recursive=True)  # a trial: refused watches raise here
    except OSError as error:  # e.g. the inotify watch limit
        log.info("File changes found by polling (%s)", error)
        return None
    observer.unschedule_all()
    return observer


def watch_with_system_events(server, paths: list[str]):
    """Move the server's watches of `paths` from its polling observer to the system's events (before it starts)."""
    observer = _system_observer(paths) if hasattr(server, "observer") else None
    if observer is None:
        return server
    for path in paths:
        server.unwatch(path)  # unschedules it from the polling observer, which then has nothing to poll
    server.observer = observer
    for path in paths:
        server.watch(path)
    log.info("Changes noticed through the system's file events (%s)", Observer.__name__)
    return server


@dataclass
class _Session:
    """This process's serve session. Kept here, not in the hooks: MkDocs loads the hooks file afresh with each
    rebuild's configuration."""

    dirty_serve: bool = False
    built: bool = False


_SESSION = _Session()


def start(command: str, dirty: bool) -> None:
    """MkDocs' startup event: once per `mkdocs serve` or `mkdocs build` process."""
    _SESSION.dirty_serve, _SESSION.built = command == "serve" and dirty, False


def configure(config) -> None:
    """A dirty rebuild leaves the static pages (404, sitemap) as the first build wrote them, and lists the theme's
    files from memory."""
    if _SESSION.dirty_serve and _SESSION.built:
        shard.leave_static_pages_out(config)
        _list_theme_once(config.theme)


@cache
def _theme_files(folders: tuple[str, ...]) -> list[str]:
    """The files of the theme's folders that MkDocs may copy: never a hidden path (its patterns '.*', '*/.*')."""
    return [name for name in FileSystemLoader(folders).list_templates() if not (name.startswith(".") or "/." in name)]


class _ListedOnce(FileSystemLoader):
    """The theme's loader, listing its folders once per process. Only MkDocs lists them (to find the static
    files to copy)."""

    def list_templates(self) -> list[str]:
        return _theme_files(tuple(self.searchpath))


def _list_theme_once(theme) -> None:
    """This configuration's theme makes its Jinja environments with the listing loader (MkDocs asks it for a
    new environment on every build; the loader is the only change)."""
    make_env = type(theme).get_env

    def get_env():
        env = make_env(theme)
        env.loader = _ListedOnce(env.loader.searchpath)
        return env

    theme.get_env = get_env


def built() -> None:
    """MkDocs' post_build event: from now on a rebuild can leave out what the first build wrote."""
    if _SESSION.dirty_serve and not _SESSION.built:
        ready_for_page_saves()
    _SESSION.built = True
