"""通知公告 and 常见问题: the office writes and publishes them; anyone reads the published ones."""
import pytest

from tests.support.client import Person, office_user, signed_up_registrant

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def office(system):
    return office_user(system)


def test_the_office_publishes_a_notice_and_anyone_reads_it_until_it_is_withdrawn(system, office):
    visitor = Person(system)
    draft = office.post("/api/v1/notices", {"kind": "notice", "title": "关于2026年度科技成果登记工作的通知",
                                            "body": "各有关单位：\n\n请于11月30日前完成登记。<script>x</script>"})
    assert draft.status_code == 201 and draft.json()["published"] is False
    text_id = draft.json()["id"]
    assert visitor.get(f"/api/v1/public/notices/{text_id}").status_code == 404      # a draft is not public
    assert text_id not in [n["id"] for n in visitor.get("/api/v1/public/notices?kind=notice").json()["items"]]

    body = {**{k: draft.json()[k] for k in ("kind", "title", "body", "pinned")}, "published": True}
    published = office.put(f"/api/v1/notices/{text_id}", body)
    assert published.status_code == 200 and published.json()["published_at"]
    listed = visitor.get("/api/v1/public/notices?kind=notice").json()
    assert text_id in [n["id"] for n in listed["items"]] and "body" not in listed["items"][0]
    read = visitor.get(f"/api/v1/public/notices/{text_id}").json()
    assert read["body"].endswith("<script>x</script>")                  # stored as typed; shown as text

    first_published = read["published_at"]
    again = office.put(f"/api/v1/notices/{text_id}", {**body, "title": "关于2026年度科技成果登记工作的通知（更正）"})
    assert again.json()["published_at"] == first_published              # a correction keeps the date
    withdrawn = office.put(f"/api/v1/notices/{text_id}", {**body, "published": False})
    assert withdrawn.json()["published"] is False
    assert visitor.get(f"/api/v1/public/notices/{text_id}").status_code == 404
    assert office.delete(f"/api/v1/notices/{text_id}").status_code == 200
    assert office.get(f"/api/v1/notices?kind=notice&page_size=100").json()["total"] >= 0
    assert office.put(f"/api/v1/notices/{text_id}", body).status_code == 404


def test_questions_come_with_their_answers_and_bad_texts_are_refused(system, office):
    asked = office.post("/api/v1/notices", {"kind": "faq", "title": "无依托单位的成果登记人如何注册？",
                                            "body": "在登录页点击“新用户注册”。", "published": True, "pinned": True})
    assert asked.status_code == 201
    faq = Person(system).get("/api/v1/public/notices?kind=faq").json()["items"]
    assert faq[0]["title"] == "无依托单位的成果登记人如何注册？" and faq[0]["body"] == "在登录页点击“新用户注册”。"
    for bad, field in [({"kind": "ad", "title": "x", "body": "y"}, "kind"),
                       ({"kind": "notice", "title": "", "body": "y"}, "title"),
                       ({"kind": "notice", "title": "x" * 101, "body": "y"}, "title"),
                       ({"kind": "notice", "title": "x", "body": "y" * 20001}, "body"),
                       ({"kind": "notice", "title": "x", "body": "y", "published": "yes"}, "published")]:
        refused = office.post("/api/v1/notices", bad)
        assert refused.status_code == 400 and field in refused.json()["error"]["fields"], bad
    registrant = signed_up_registrant(system)
    assert registrant.post("/api/v1/notices", {"kind": "notice", "title": "x", "body": "y"}).status_code == 403
    assert registrant.get("/api/v1/notices").status_code == 403
    assert Person(system).get("/api/v1/public/notices?kind=ads").status_code == 400
