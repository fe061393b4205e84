"""Which routes are commands (docs/architecture.md, "Commands run once"): every route a
logged-in person changes something with passes the Idempotency-Key on and documents it; the
few that do not say why here. A new state-changing route must choose."""
import ast
import inspect
import textwrap

import gateway.service  # noqa: F401 - declares every route
from gateway.http import ROUTES
from gateway.openapi import document, openapi_path
from services.accounts.service import AccountsService
from services.registration.service import RegistrationService
from services.reports.service import ReportsService
from services.review.service import ReviewService

NOT_COMMANDS = {
    ("POST", "/api/v1/achievements/<int:draft_id>/check"): "a read (填写检查 changes nothing)",
    ("DELETE", "/api/v1/session"): "logout: a re-run revokes nothing more",
}

# the services' entry points the gateway forwards commands to
COMMANDS = {
    RegistrationService: {"create_draft", "save_draft", "delete_draft", "copy_draft", "submit_draft",
                          "add_attachment", "delete_attachment"},
    ReviewService: {"decide", "withdraw", "resolve_objection"},
    ReportsService: {"start_export", "start_package"},
    AccountsService: {"approve_unit", "reject_unit", "edit_unit", "decide_unit_change", "set_unit_enabled",
                      "hand_over_unit_admin", "assign_registrant", "set_registrant_enabled",
                      "resend_registrant_activation", "create_account", "unlock_account", "set_recommended_units",
                      "set_account_enabled", "create_text", "change_text", "delete_text",
                      "change_password",
                      "save_profile", "send_verification_code", "verify_code"},
}


def test_every_state_changing_logged_in_route_is_a_command_or_says_why_not():
    for spec in ROUTES:
        if spec.method == "GET" or spec.auth != "login":
            continue
        assert spec.command != ((spec.method, spec.path) in NOT_COMMANDS), (spec.method, spec.path)


def test_the_openapi_document_names_the_idempotency_key_on_commands_only():
    paths = document()["paths"]
    for spec in ROUTES:
        names = [p["name"] for p in paths[openapi_path(spec.path)][spec.method.lower()]["parameters"]]
        assert ("Idempotency-Key" in names) == spec.command, (spec.method, spec.path)


def _calls_command(method) -> bool:
    tree = ast.parse(textwrap.dedent(inspect.getsource(method)))
    return any(isinstance(n, ast.Attribute) and n.attr == "command" for n in ast.walk(tree))


def test_the_entry_points_behind_command_routes_run_as_commands_and_no_others():
    for service, names in COMMANDS.items():
        entry_points = {n for n, f in vars(service).items() if getattr(f, "nameko_entrypoints", None)
                        and callable(f) and not n.startswith("on_")}
        as_commands = {n for n in entry_points if _calls_command(getattr(service, n))}
        assert as_commands == names, service.__name__
