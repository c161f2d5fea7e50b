"""entrytui: enter candidates into test sessions from a terminal, as in the portal's Single Candidate Entry."""

__version__ = "0.1.0"
