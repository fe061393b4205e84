"""reports: the registration office's read model of registrations, fed by events (statistics,
exports, the national package, the public register). docs/architecture.md, "Reports"."""
