"""The merge question: both candidates side by side, the one kept and the one that goes, with
what happens to their entries (the codes stay) and to the other username (removed)."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from entrytui.domain import CANDIDATE_FIELDS
from entrytui.services.candidate_edits import CandidateSummary
from entrytui.tui.widgets.filter_table import harmless


def merge_question(keep: CandidateSummary, other: CandidateSummary) -> Group:
    """For :class:`~entrytui.tui.dialogs.base.ConfirmDialog`: the details of both, row by row."""
    table = Table(box=None, expand=True, pad_edge=False, header_style="bold")
    table.add_column("", style="bold", no_wrap=True)
    table.add_column("Kept", ratio=1, overflow="fold")
    table.add_column("Goes", ratio=1, overflow="fold")
    for name, label in CANDIDATE_FIELDS.items():
        table.add_row(label, *(harmless(getattr(s.candidate, name)) or "-" for s in (keep, other)))
    table.add_row("entries", *(f"{s.entries} ({s.active} active)" for s in (keep, other)))
    kept, gone = harmless(keep.candidate.username), harmless(other.candidate.username)
    return Group(
        Text(f"One person under two usernames: {gone}'s entries go to {kept}, with their entry codes."),
        table,
        Text(f"'{gone}' and its details are removed; {kept}'s details and password stay."),
    )
