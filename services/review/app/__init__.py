"""Use cases of the review service; each takes the unit of work its entry point opened."""
