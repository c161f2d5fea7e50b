"""Use-cases shared by the terminal UI and the command line; no Textual here.

Each service takes a :class:`~entrytui.store.Store` and, when it changes the store or
depends on the time, an :class:`~entrytui.services.common.Actor` (who acts, and their
clock); it validates with :mod:`entrytui.rules`, refuses with :func:`entrytui.errors.refuse`,
changes the store in one transaction and records an audit event for every change.  The
services know the portal's things; the store knows only documents.
"""
