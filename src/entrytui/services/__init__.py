"""Use-cases shared by the terminal UI and the command line; no Textual here.

Each service takes a :class:`~entrytui.store.Store`, validates with :mod:`entrytui.rules`,
changes the store in one transaction and records an audit event for every change.
"""
