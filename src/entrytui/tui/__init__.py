"""The Textual side: the app, its screens, dialogs and widgets; they call the services, never the store."""
