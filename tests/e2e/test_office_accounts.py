"""账号管理 through the gateway: the office finds accounts, adds staff accounts and people without a
居民身份证 (activated without typing the document again), unlocks a locked account, and 停用s an
account (its sessions end at once) and 启用s it again."""
import random

import pytest

from tests.support.client import (PASSWORD, Person, activate_from_mail, office_user, signed_up_registrant,
                                  token_from_mail, unique_email)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def office(system):
    return office_user(system)


def test_the_office_adds_a_recommender_who_activates_with_their_own_welcome(system, office):
    email = unique_email("recommender")
    added = office.post("/api/v1/accounts", {"name": "周推荐", "email": email, "role": "recommender"})
    assert added.status_code == 201, added.text
    assert (added.json()["role"], added.json()["existing_account"]) == ("recommender", False)
    token = token_from_mail(system.wait_mail(email, "账号激活"))
    info = Person(system).get(f"/api/v1/activation/{token}").json()
    assert info["roles"] == ["recommender"] and "document" not in info
    person = activate_from_mail(system, email)
    assert {"role": "recommender", "unit_id": None} in person.get("/api/v1/me").json()["grants"]
    found = office.get(f"/api/v1/accounts?q={email}").json()
    assert [(a["email"], a["state"], [r["role"] for r in a["roles"]]) for a in found["items"]] == \
        [(email, "active", ["recommender"])]
    again = office.post("/api/v1/accounts", {"name": "周推荐", "email": email, "role": "recommender"})
    assert again.status_code == 409 and "role" in again.json()["error"]["fields"]
    assert person.get("/api/v1/accounts").status_code == 403
    assert person.post("/api/v1/accounts", {"name": "x", "email": unique_email("x"), "role": "office"}).status_code == 403


def test_a_person_without_a_resident_id_is_added_with_their_document_and_activates_without_it(system, office):
    bad = office.post("/api/v1/accounts", {"name": "Anna Weber", "email": unique_email("hk"), "role": "registrant",
                                           "id_type": "港澳居民来往内地通行证", "id_number": "K1234567"})
    assert bad.status_code == 400 and "H或M" in bad.json()["error"]["fields"]["id_number"]
    neither = office.post("/api/v1/accounts", {"name": "x", "email": unique_email("x"), "role": "registrant",
                                               "id_number": "E12345678"})
    assert neither.status_code == 400 and "id_type" in neither.json()["error"]["fields"]
    email, number = unique_email("passport"), f"X{random.randrange(10**7, 10**8)}"
    added = office.post("/api/v1/accounts", {"name": "Anna Weber", "email": email, "role": "registrant",
                                             "id_type": "护照", "id_number": number.lower()})
    assert added.status_code == 201, added.text
    token = token_from_mail(system.wait_mail(email, "账号激活"))
    person = Person(system)
    info = person.get(f"/api/v1/activation/{token}").json()
    assert info["document"]["type"] == "护照" and number not in str(info) and info["roles"] == ["registrant"]
    done = person.post(f"/api/v1/activation/{token}", {
        "id_valid_from": "2020-01-01", "id_valid_to": "2030-01-01", "password": PASSWORD,
        "password_confirm": PASSWORD, **person.captcha()})
    assert done.status_code == 200, done.text
    assert person.login(email).status_code == 201
    profile = person.get("/api/v1/me/profile").json()
    assert profile["id_type"] == "护照"
    taken = office.post("/api/v1/accounts", {"name": "Other", "email": unique_email("x"), "role": "registrant",
                                             "id_type": "护照", "id_number": number})
    assert taken.status_code == 400 and "id_number" in taken.json()["error"]["fields"]


def test_the_office_unlocks_a_locked_account_and_disables_and_enables_one(system, office):
    person = signed_up_registrant(system)
    email = person.get("/api/v1/me").json()["email"]
    user_id = person.get("/api/v1/me").json()["user_id"]
    for _ in range(5):
        Person(system).login(email, "Wrong-pass1!")
    assert Person(system).login(email).status_code == 423
    locked = office.get("/api/v1/accounts?status=locked&page_size=100").json()
    assert user_id in [a["user_id"] for a in locked["items"]]
    assert office.post(f"/api/v1/accounts/{user_id}/unlock").json()["state"] == "active"
    assert Person(system).login(email).status_code == 201

    assert person.get("/api/v1/me").status_code == 200
    disabled = office.put(f"/api/v1/accounts/{user_id}/state", {"enabled": False})
    assert disabled.status_code == 200 and disabled.json()["state"] == "disabled"
    assert person.get("/api/v1/me").status_code == 401                  # its session ended at once
    refused = Person(system).login(email)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "account_disabled"
    assert Person(system).login(email, "Wrong-pass1!").json()["error"]["code"] == "bad_credentials"
    assert office.put(f"/api/v1/accounts/{user_id}/state", {"enabled": True}).json()["state"] == "active"
    assert Person(system).login(email).status_code == 201

    me = office.get("/api/v1/me").json()["user_id"]
    assert office.put(f"/api/v1/accounts/{me}/state", {"enabled": False}).status_code == 409
    assert office.put("/api/v1/accounts/99999999/state", {"enabled": False}).status_code == 404
    assert office.put(f"/api/v1/accounts/{user_id}/state", {"enabled": "no"}).status_code == 400
    assert office.get("/api/v1/accounts?status=gone").status_code == 400
    assert person.post(f"/api/v1/accounts/{user_id}/unlock").status_code in (401, 403)
