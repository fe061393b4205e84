"""How the gateway answers errors that come back from a service."""
import json

from nameko.exceptions import RemoteError

from gateway.errors import response_for
from services.common.errors import DatabaseUnavailable


def body(response):
    return json.loads(response.get_data(as_text=True))


def test_a_database_that_cannot_be_reached_is_503_with_retry_after():
    # the service's unit of work tells an outage from a bad query (services/common/database_errors.py)
    response = response_for(DatabaseUnavailable.from_wire(DatabaseUnavailable().args[0]))
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert body(response)["error"]["code"] == "database_unavailable"


def test_a_database_error_the_service_did_not_call_an_outage_is_500_and_says_nothing_of_it():
    response = response_for(RemoteError("OperationalError", "fts5: syntax error near \"\x00\""))
    assert response.status_code == 500 and "fts5" not in response.get_data(as_text=True)


def test_any_other_remote_error_is_500_and_says_nothing_of_it():
    response = response_for(RemoteError("KeyError", "'secret_field'"))
    assert response.status_code == 500 and body(response)["error"]["code"] == "internal_error"
    assert "secret_field" not in response.get_data(as_text=True)
