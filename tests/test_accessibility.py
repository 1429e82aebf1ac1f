"""RGAA 4.1: axe-core on every page at desktop and phone sizes, the statement, reflow at 390 px."""

from __future__ import annotations

from icc import accessibility
from tests.apptest import fresh_env, open_page, texts


def test_the_statement_follows_the_rgaa_model(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    monkeypatch.delenv("ICC_ACCESSIBILITY_CONTACT", raising=False)
    at = open_page("views/accessibilite.py")
    assert not at.exception, at.exception
    assert [h.value for h in at.header] == [
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Établissement de cette déclaration",
        "Retour d'information et contact",
        "Voies de recours",
    ]
    shown = texts(at)
    assert f"est **{accessibility.CONFORMITY}** avec le référentiel général" in shown
    assert "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07" in shown
    assert "ICC_ACCESSIBILITY_CONTACT" in at.warning[0].value  # no invented contact

    monkeypatch.setenv("ICC_ACCESSIBILITY_CONTACT", "Direction de la culture – [accessibilite](http://x)")
    at = open_page("views/accessibilite.py")
    assert "Direction de la culture – [accessibilite](http://x)" in [t.value for t in at.text]  # as text
    assert not at.warning
