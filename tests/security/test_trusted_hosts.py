"""Issue 9: with TRUSTED_HOSTS set, a request naming another host is refused with a 400 before
any view runs (Flask's own check); unset, every host is served, for local use."""

from __future__ import annotations

import pytest

from tests.account_helpers import forgot


@pytest.fixture
def trusted(app_config: dict) -> None:
    """Only needlewise.example (and its subdomain www) is trusted; request before app."""
    app_config["TRUSTED_HOSTS"] = ["needlewise.example", "www.needlewise.example"]


def test_trusted_host_is_served(trusted, client):
    response = client.get("/guides/", headers={"Host": "needlewise.example"})
    assert response.status_code == 200
    assert client.get("/guides/", headers={"Host": "www.needlewise.example:443"}).status_code == 200


def test_other_host_gets_400_page(trusted, client):
    response = client.get("/guides/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "This site does not answer to that host name." in response.text


def test_other_host_gets_400_json_on_the_api(trusted, client):
    response = client.get("/api/v1/practitioners", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "untrusted_host"


def test_forged_host_cannot_ask_for_a_reset(trusted, mail_server, app, make_user):
    make_user("pat@example.org")
    client = app.test_client()
    response = client.post(
        "/auth/password/forgot",
        data={"email": "pat@example.org"},
        headers={"Host": "evil.example"},
    )
    assert response.status_code == 400
    assert "This site does not answer to that host name." in response.text
    assert mail_server.to("pat@example.org") == []
    # The same request to the real host goes through.
    honest = app.test_client()
    assert forgot(honest, "pat@example.org", host="needlewise.example").status_code == 302
    assert len(mail_server.to("pat@example.org")) == 1


def test_empty_list_serves_every_host(client):
    assert client.get("/guides/", headers={"Host": "anything.example"}).status_code == 200


def test_setting_from_the_environment(monkeypatch, tmp_path):
    """FLASK_TRUSTED_HOSTS='["a.example"]' is read as a list (from_prefixed_env parses JSON)."""
    from directory import create_app

    monkeypatch.setenv("FLASK_TRUSTED_HOSTS", '["needlewise.example"]')
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}",
            "SEARCH_INDEX_DIR": str(tmp_path / "index"),
            "UPLOAD_DIR": str(tmp_path / "uploads"),
        }
    )
    assert app.config["TRUSTED_HOSTS"] == ["needlewise.example"]
    assert app.test_client().get("/guides/", headers={"Host": "x.example"}).status_code == 400
