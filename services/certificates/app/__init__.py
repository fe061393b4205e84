"""Application flows of the certificates service: each takes a unit of work (or the database
access) and does one thing — issue, revoke, answer."""
