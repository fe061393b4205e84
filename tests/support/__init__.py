"""Everything tests share lives here; test modules import from these and never from each other
(tests/unit/test_test_helpers.py checks). bench/ uses some of them too, so the modules it
imports (client, system, achievements, documents) need no test-only package such as pytest.

  system.py            the whole system as real processes (a RabbitMQ vhost, databases, mail)
  client.py            a person at the gateway, and the account steps (sign up, activate, units)
  achievements.py      an achievement through the gateway: draft, upload, submit, wait for review
  documents.py         complete registration documents per category, the manual's example
  journeys.py          whole journeys and the exactly-once check (instances, faults)
  events.py            an agency's queue on a producer's exchange; publishing stand-in events
  catalogue.py         the event catalogue (docs/events/) as a contract
  local_database.py    a service's `db` over local SQLite, for nameko's worker_factory
  accounts_under_test.py, flaky_service.py   services as the end-to-end tests run them
  certificate_samples.py, pdf_tools.py       certificate inputs; reading a PDF with poppler
  review_stories.py    the people and the moments of the review domain tests
  deploy_files.py      the deploy files as tests/unit/deploy reads them
"""
