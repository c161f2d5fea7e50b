"""The one way the UI calls a service: in a thread worker, never on the UI thread.

:func:`call_service` runs a call (a service, or anything that may block: the store, a file,
a PDF) in a thread worker; its result comes back to ``done`` on the UI thread, and any
failure goes to ``failed`` (when given) and then to the app's
:meth:`~entrytui.tui.app.EntryApp.report_error` (one clear message, never a crash) - unless
``failed`` returns True: it showed the problem where it belongs (a field's message, a question).
A call superseded by a newer one of the same group (``exclusive``) delivers nothing, and
neither does one whose screen or widget has gone meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker, get_current_worker

T = TypeVar("T")
Progress = Callable[[str, int, int], None]  # (stage, done, total), as the services report it


def call_service(
    node: DOMNode,
    call: Callable[[], T],
    done: Callable[[T], Any] | None = None,
    *,
    failed: Callable[[Exception], bool | None] | None = None,
    group: str = "service",
    exclusive: bool = True,
) -> Worker[None]:
    app = node.app

    def deliver(result: T) -> None:
        if done is not None and node.is_attached:
            done(result)

    def fail(error: Exception) -> None:
        shown = failed(error) if failed is not None and node.is_attached else False
        if not shown:
            app.report_error(error)

    def run() -> None:
        worker = get_current_worker()
        try:
            result = call()
        except Exception as error:  # every failure ends here, as one message on the screen
            if not worker.is_cancelled:  # a superseded call: the newer one reports for itself
                app.call_from_thread(fail, error)
            return
        if not worker.is_cancelled:
            app.call_from_thread(deliver, result)

    return node.run_worker(run, thread=True, exclusive=exclusive, group=group, exit_on_error=False)


def progress_to(node: DOMNode, show: Progress) -> Progress:
    """A progress callback for a service running in a worker: each report is shown on the UI thread."""
    return lambda stage, done, total: node.app.call_from_thread(show, stage, done, total)
