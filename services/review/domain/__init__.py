"""The review domain in plain Python: the chain of review levels, the review case and its
decisions, who may do what (access.py), the 登记号, reminders and the readers of what callers
send. See docs/architecture.md ("Code layout", "Review")."""
