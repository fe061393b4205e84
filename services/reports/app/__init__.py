"""Use cases of the reports service (docs/architecture.md, "Code layout")."""
