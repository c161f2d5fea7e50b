"""Add Entries, with the portal's tabs; the Single Candidate Entry form is the first.

The fields are the portal's template: the title first, though the cursor starts on First
name.  Save re-checks every field with the rules, then asks the entry service.  A username
owned by another candidate opens the link question (keep their details, update them to those
typed, or change the username); one differing only by case asks for confirmation; success shows
the entry code and clears the form for the next candidate.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Select, Static, TabbedContent, TabPane

from entrytui.domain import Session
from entrytui.errors import UsernameOwned
from entrytui.passwords import generate_password
from entrytui.services.candidates import propose_username
from entrytui.services.entries import AddedEntry, add_entry
from entrytui.tui.dialogs.base import GuardedForm
from entrytui.tui.dialogs.link import LinkDialog
from entrytui.tui.dialogs.saved import SavedDialog
from entrytui.tui.keys import ADVANCE
from entrytui.tui.screens.base import BaseScreen
from entrytui.tui.screens.candidate_form import CandidateForm, candidate_fields
from entrytui.tui.widgets.footer import KeysFooter
from entrytui.tui.widgets.header import SafeHeader
from entrytui.tui.widgets.search_pane import SearchPane
from entrytui.tui.widgets.upload_pane import UploadPane
from entrytui.tui.workers import call_service


class AddEntriesScreen(CandidateForm, GuardedForm, BaseScreen):
    TITLE = "Add Entries"
    AUTO_FOCUS = "#first-name-input"  # the names are typed first (the title, above, is optional)
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Check every field and save the entry"),
        Binding("ctrl+n", "propose_username", "Username", tooltip="Propose the next free username (naming convention)"),
        Binding("ctrl+g", "generate_password", "Password", tooltip="Make a password that meets the rule and show it"),
        Binding("ctrl+r", "reveal_password", "Show", tooltip="Show or hide the password"),
        Binding("f2", "next_tab", "Tab", tooltip="Single entry → Upload Entries → Search Existing"),
        Binding("escape", "cancel", "Back", tooltip="Back to the session (asks before discarding input)"),
        ADVANCE,
    ]
    FORM_ACTIONS = {"save", "propose_username", "generate_password", "reveal_password"}
    TABS = ["single", "upload", "search"]
    CHOICES = ("title", "gender")  # the form's Selects

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.generated: str | None = None
        self.next_tab = "single"  # the tab last asked for (F2)
        self.switches = 0  # F2s whose switch has not been shown yet
        self.proposing = False  # a username proposal is on its way: a Save waits for it
        self.save_waiting: tuple[bool, bool, bool] | None = None  # that Save's (link, allow_case_variant, update)
        self.password_given = False  # the Save under way holds a password
        self.saving: dict[str, str] = {}  # the form as that Save read it

    def compose(self) -> ComposeResult:
        yield SafeHeader()
        with TabbedContent(initial="single"):
            with TabPane("Single Candidate Entry", id="single"):
                with VerticalScroll(id="entry-form", classes="candidate-form"):
                    yield from candidate_fields(
                        title=True, password=True, username_hint="ctrl+n proposes the next free one"
                    )
                    yield Static("", id="form-status", markup=False)
                    yield Button("Save (ctrl+s)", id="save", variant="primary")
            with TabPane("Upload Entries", id="upload"):
                yield UploadPane(self.session.id)
            with TabPane("Search Existing", id="search"):
                yield SearchPane(self.session.id)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = f"{self.session.id} · {self.session.name}"

    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """The form's keys only on the form's tab (the other tabs have keys of their own)."""
        if action in self.FORM_ACTIONS and self.is_mounted and self.tab != "single":
            return False
        return super().check_action(action, parameters)

    def on_upload_pane_committed(self) -> None:
        """The new candidates are found by Search Existing (marked as in this session) at once."""
        search = self.query_one(SearchPane)
        search.search(search.listing.filter.value)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """Once a tab is shown (a field of a hidden tab cannot take the focus): its first field."""
        first = {"single": "#first-name-input", "upload": "#upload-file-input", "search": "#search-results-filter"}
        shown = event.pane.id or "single"
        if self.switches:
            self.switches -= 1
        else:  # switched on the tabs themselves, not with F2
            self.next_tab = shown
        if shown == self.next_tab:  # not a tab that a later F2 of the same burst has left already
            self.set_focus(self.query_one(first[shown]))
        self.refresh_bindings()

    def action_next_tab(self) -> None:
        """The next tab, counted from the last one asked for: TabbedContent switches a moment
        later, and F2 F2 in one burst must reach the third tab."""
        self.next_tab = self.TABS[(self.TABS.index(self.next_tab) + 1) % len(self.TABS)]
        self.switches += 1
        self.query_one(TabbedContent).active = self.next_tab

    # ---- helpers ------------------------------------------------------------

    def form_filled(self) -> bool:
        """Something typed or chosen (a title, a gender) on the Single Candidate Entry tab."""
        return any(f.value.strip() for f in self.fields()) or any(self.choice(s) for s in self.CHOICES)

    def has_unsaved_input(self) -> bool:
        """Typed form fields, a read but uncommitted upload, or marked search results."""
        return (
            self.form_filled() or self.query_one(UploadPane).plan is not None or bool(self.query_one(SearchPane).marked)
        )

    def unsaved_said(self) -> str:
        """Names each tab whose input would be lost: the one in front may hold none of it."""
        lost = []
        if self.form_filled():
            lost.append("what you typed on the Single Candidate Entry tab")
        if self.query_one(UploadPane).plan is not None:
            lost.append("the upload read but not committed")
        if self.query_one(SearchPane).marked:
            lost.append("the candidates marked in Search Existing")
        said = " and ".join(lost) or "what you typed"
        return said[0].upper() + said[1:] + " will be lost: none of it is saved."

    def clear_form(self) -> None:
        for f in self.fields():
            f.clear()
        for select in self.CHOICES:
            self.query_one(f"#{select}", Select).clear()
        self.generated = None
        self.field("password").input.password = True
        self.status("")
        self.field("first-name").input.focus()

    # ---- actions ------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()

    def action_propose_username(self) -> None:
        self.proposing = True
        call_service(
            self,
            lambda: propose_username(self.app.store, self.session.id),
            self.set_username,
            failed=lambda _error: self.proposed(),
            group="propose",
        )

    def set_username(self, proposal: str) -> None:
        field = self.field("username")
        field.value = proposal
        field.check()
        self.proposed()

    def proposed(self) -> None:
        """The proposal is in (or failed): a Save pressed meanwhile goes ahead now, in key order."""
        self.proposing = False
        if self.save_waiting is not None:
            link, allow_case_variant, update_details = self.save_waiting
            self.save_waiting = None
            self.action_save(link, allow_case_variant, update_details)

    def action_generate_password(self) -> None:
        self.generated = generate_password()
        field = self.field("password")
        field.value = self.generated
        field.input.password = False
        field.check()

    def action_reveal_password(self) -> None:
        field = self.field("password")
        field.input.password = not field.input.password

    def action_save(self, link: bool = False, allow_case_variant: bool = False, update_details: bool = False) -> None:
        """``link``: the username's owner gets the entry (the link question's answer), with
        ``update_details`` the details typed written over theirs."""
        if self.proposing:  # ctrl+n then ctrl+s in one burst: save what ctrl+n proposes
            self.save_waiting = (link, allow_case_variant, update_details)
            self.status("Saving once the proposed username is in…")
            return
        if not self.fields_pass():
            return
        values = self.typed()
        title, gender = values["title"], values["gender"]
        self.password_given = bool(values["password"])  # for the link question
        self.saving = values
        self.status("Saving…")

        def save() -> AddedEntry:
            return add_entry(
                self.app.store,
                self.session.id,
                first_name=values["first-name"],
                family_name=values["family-name"],
                username=values["username"],
                email=values["email"],
                date_of_birth=values["dob"],
                gender=gender,
                title=title,
                password=values["password"] or None,
                link=link,
                update_details=update_details,
                allow_case_variant=allow_case_variant,
                actor=self.app.actor,
            )

        call_service(
            self,
            save,
            lambda added: self.saved(added, values["password"]),
            failed=self.not_saved,
            group="save",
        )

    def typed(self) -> dict[str, str]:
        """What the form holds: each field by its id, the title and the gender."""
        return {f.id: f.value for f in self.fields()} | {s: self.choice(s) for s in self.CHOICES}

    def asked(self, error: Exception) -> bool:
        if isinstance(error, UsernameOwned):
            self.ask_link(error, self.password_given, self.saving)
            return True
        return False

    def ask_link(self, owned: UsernameOwned, password_given: bool, asked_for: dict[str, str]) -> None:
        """``asked_for``: the form as it was saved; the answer is about it, so a key typed ahead
        into a field before the question opened stops the link rather than change whom it links."""
        self.status("")

        def answered(answer: str | None) -> None:
            if answer in ("link", "update") and self.typed() == asked_for:
                self.action_save(link=True, update_details=answer == "update")
                return
            if answer in ("link", "update"):
                self.status("Not linked: the form changed after Save. Check it and save again.")
            self.field("username").input.focus()

        self.app.push_screen(LinkDialog(owned, password_given), answered)

    def saved(self, added: AddedEntry, password: str) -> None:
        generated = password if password and password == self.generated else None
        self.status(f"Saved: entry code {added.entry.entry_code}")

        def answered(answer: str | None) -> None:
            if answer == "another":
                self.clear_form()
            else:
                self.dismiss()

        self.app.push_screen(SavedDialog(added, generated, password or None), answered)

    def leave_form(self) -> None:
        self.dismiss()
