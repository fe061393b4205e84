"""reports (being built, issue 11): the office's read model of registrations, fed by events.
Only its domain rules exist so far (domain/); the service, its tables and routes do not yet."""
