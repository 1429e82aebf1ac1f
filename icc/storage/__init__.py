"""Versions in force and past, as of a date, accounts and sessions."""
