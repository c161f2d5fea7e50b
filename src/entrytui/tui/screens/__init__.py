"""One screen per file, along the portal's click path: Sessions → Session → Add Entries."""
