"""The service terms: the Markdown content, the version a user accepted, and a new version asked again."""

from pathlib import Path

from sqlmodel import Session, select

from ebok_app import content
from ebok_app.accounts import terms
from ebok_app.models import AuditEntry, User
from tests.helpdesk_scene import NOW, build


def test_the_content_has_the_current_terms_and_the_help_sections():
    current = content.current_terms()
    assert current.version == content.terms_versions()[0] and f"Wersja {current.version}" in current.text
    assert len(content.help_sections()) >= 3 and all(s.startswith("## ") for s in content.help_sections())


def test_a_user_accepts_the_current_version_and_is_asked_again_for_a_newer_one(engine, monkeypatch, tmp_path):
    scene = build(engine)
    with Session(engine) as session:
        user = session.get(User, scene.users["aview"])
        assert terms.must_accept(user)  # never accepted
        assert not terms.accept(session, user, "1999-01-01", "x/aview", NOW)  # not the current version
        assert terms.accept(session, user, content.current_terms().version, "x/aview", NOW)
        session.commit()
        assert not terms.must_accept(user) and user.terms_accepted_at is not None
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "terms_accept")).one()
        assert entry.details["version"] == content.current_terms().version

        (tmp_path / "regulamin").mkdir()
        (tmp_path / "regulamin" / f"{user.terms_version}.md").write_text("# stary", encoding="utf-8")
        (tmp_path / "regulamin" / "2099-01-01.md").write_text("# nowy", encoding="utf-8")
        monkeypatch.setattr(content, "CONTENT_DIR", Path(tmp_path))
        content.current_terms.cache_clear()
        try:
            assert content.current_terms().version == "2099-01-01"
            assert terms.must_accept(user)  # a new version was published
        finally:
            monkeypatch.undo()
            content.current_terms.cache_clear()
