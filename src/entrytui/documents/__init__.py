"""Files the services read and write: class lists (CSV, XLSX) and login slips (PDF, CSV)."""
