"""Use cases of the certificates service. Most take one unit of work; issuing takes the database,
because it renders between two (app/issuing.py)."""
