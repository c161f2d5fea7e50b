"""Modal dialogs: each a ModalScreen with a result, a key for every button, Escape to cancel."""
