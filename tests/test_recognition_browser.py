"""In a real browser (issue #32): the territory's 270 festivals re-typed, without identifiers, imported
through the data page. The sure pairs merged with one click, the doubtful ones answered one by one
with a reload between answers, then published: the table has the rows it had."""

from __future__ import annotations

import re

import pytest

from benchmarks.retyped import retyped_export
from icc.storage import store
from tests.browser import EDITOR, EDITOR_PASSWORD, editor_store, sign_in, wait_ready
from tests.server import running_app
from tests.test_import_browser import open_ministry_import

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

MAX_QUESTIONS = 20


def number(text: str) -> int:
    return int(re.sub(r"\D", "", text.split()[0]))


FEWER = """(n) => {
    const heading = [...document.querySelectorAll("h3")].find((h) => /une à une$/.test(h.textContent.trim()));
    return !heading || parseInt(heading.textContent.replace(/\\D/g, ""), 10) < n;
}"""


def wait_fewer_questions(page, before: int) -> None:
    """Until the page asks fewer than ``before`` questions (the answer is in), then idle."""
    page.wait_for_function(FEWER, arg=before, timeout=90_000)
    wait_ready(page, timeout=90_000)


def test_a_retyped_export_is_merged_in_one_click_and_a_few_answers_across_reloads(page, tmp_path):
    engine, env = editor_store(tmp_path)
    rows, originals = retyped_export()
    extract = tmp_path / "festivals-retapes.csv"
    extract.write_text(rows.to_csv(sep=";", index=False), encoding="utf-8")
    before = store.read_version(engine, store.current_versions(engine)["evenements"].id)
    owner = {
        mid.strip(): row["id"] for _, row in before.iterrows() for mid in str(row["identifiants_ministere"]).split(";")
    }
    names = dict(zip(before["id"], before["nom"], strict=True))
    mine = {n + 2: owner[originals[n]] for n in range(len(rows))}  # the file's line -> the row it is

    def truly_same(known_where: str, known_name: str, new_where: str) -> bool:
        new_row = mine[int(new_where.rsplit(" ", 1)[1])]
        if known_where == "version en vigueur":
            return names[new_row] == known_name
        return mine[int(known_where.rsplit(" ", 1)[1])] == new_row

    with running_app(env) as url:
        sign_in(page, url, EDITOR, EDITOR_PASSWORD)
        open_ministry_import(page, "Festivals et événements")
        page.locator('input[type="file"]').set_input_files(str(extract))
        page.get_by_role("heading", name="Même festival ?").wait_for(timeout=90_000)
        wait_ready(page)
        sure = page.get_by_role("heading", name=re.compile(r"correspondances sûres$"))
        assert number(sure.inner_text()) >= 250
        doubtful = number(page.get_by_role("heading", name=re.compile("une à une$")).inner_text())
        assert 0 < doubtful <= MAX_QUESTIONS
        assert page.get_by_role("button", name="Publier la nouvelle version").count() == 0
        page.get_by_text(re.compile(r"^Voir les .* correspondances sûres$")).click()  # the table opens
        expander = page.locator('[data-testid="stExpander"]', has_text="correspondances sûres")
        grid = expander.locator('[data-testid="stDataFrame"]')
        grid.wait_for(timeout=30_000)
        grid.locator("td", has_text="version en vigueur").first.wait_for(state="attached", timeout=30_000)
        page.get_by_role("button", name=re.compile(r"^Fusionner les .* correspondances sûres$")).click()
        group = page.get_by_role("heading", name=re.compile(r"correspondances sûres$"))
        group.wait_for(state="detached", timeout=90_000)
        wait_ready(page, timeout=90_000)
        assert page.get_by_role("heading", name=re.compile(r"correspondances? sûres?$")).count() == 0

        answered = 0
        while True:
            page.reload()  # nothing is lost: the import and its answers are kept with its draft
            wait_ready(page)
            open_ministry_import(page, "Festivals et événements")
            page.get_by_text("Import en cours repris : « festivals-retapes.csv »").wait_for(timeout=90_000)
            wait_ready(page)
            if page.get_by_role("heading", name=re.compile("une à une$")).count() == 0:
                break
            assert answered < MAX_QUESTIONS
            asked = number(page.get_by_role("heading", name=re.compile("une à une$")).inner_text())
            known_col = page.locator('[data-testid="stColumn"]', has=page.get_by_text(re.compile(r"^Déjà connu \(")))
            new_col = page.locator('[data-testid="stColumn"]', has=page.get_by_text(re.compile(r"^Dans le fichier \(")))
            known_where = re.search(r"\((.*)\)", known_col.locator('[data-testid="stCaptionContainer"]').inner_text())
            new_where = re.search(r"\((.*)\)", new_col.locator('[data-testid="stCaptionContainer"]').inner_text())
            known_name = known_col.locator('[data-testid="stText"]').inner_text().split("\n")[0]
            assert page.get_by_text(re.compile(r"^Pour : ")).count() == 1
            assert page.get_by_text(re.compile(r"^Contre : ")).count() == 1
            same = truly_same(known_where.group(1), known_name, new_where.group(1))
            label = "Fusionner : c'est le même festival" if same else "Garder les deux : ce sont deux festivals"
            page.get_by_role("button", name=label).click()
            wait_fewer_questions(page, asked)
            answered += 1
        assert answered <= MAX_QUESTIONS
        assert page.get_by_text("Aucune erreur.").count() == 1
        page.get_by_label("Commentaire (obligatoire)").fill("Liste des festivals retapée")
        page.get_by_role("button", name="Publier la nouvelle version").click()
        page.get_by_text(f"Version 2 publiée ({len(before)} lignes)").wait_for(timeout=60_000)

    version = store.current_versions(engine)["evenements"]
    after = store.read_version(engine, version.id)
    assert sorted(after["id"]) == sorted(before["id"])  # no festival twice, none lost
    assert dict(zip(after["id"], after["nom"], strict=True)) == names  # no name re-typed
    assert version.comment.startswith(
        "Liste des festivals retapée — Rapprochements « Même festival ? » : 270 fusionnés"
    )
    assert store.import_draft_of(engine, EDITOR, "evenements") is None  # published: the draft is gone
