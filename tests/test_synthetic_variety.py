"""The benchmarks' synthetic data vary as real data do (issue #23): at N times the default rows, the
number of distinct programmes, beneficiaries and names grows with N, and the copied events are
spread over the communes that have festivals. The ``repeat`` profile keeps the old shape."""

from __future__ import annotations

import pytest

from benchmarks.synthetic import NEW_PROGRAMME_EVERY, REPEAT, VARIETY, festival_communes, generate


def distinct(frames, dataset: str, column: str) -> int:
    return frames[dataset][column].nunique()


def test_distinct_programmes_beneficiaries_and_names_grow_with_the_volume(default_frames):
    one = generate(1, default_frames)
    twenty, forty = generate(20, default_frames), generate(40, default_frames)
    programmes = [distinct(f, "financements", "programme") for f in (one, twenty, forty)]
    # One copy in ten (copies 10, 20, 30…) brings a new name for each of its programmes.
    assert programmes == [programmes[0], programmes[0] * 2, programmes[0] * 4]
    for scale, frames in ((20, twenty), (40, forty)):
        # Every copy brings new beneficiaries and new names of lieux and events.
        assert distinct(frames, "financements", "beneficiaire") == scale * distinct(one, "financements", "beneficiaire")
        assert distinct(frames, "evenements", "nom") == scale * distinct(one, "evenements", "nom")
        assert distinct(frames, "lieux", "nom") == scale * distinct(one, "lieux", "nom")


def test_a_copy_renames_its_programmes_and_keeps_its_envelopes_nested(default_frames):
    funding = generate(NEW_PROGRAMME_EVERY + 1, default_frames)["financements"].set_index("id")
    renamed = funding[funding.index.str.endswith(f"__s{NEW_PROGRAMME_EVERY}")]
    base = default_frames["financements"].set_index("id")["programme"]
    originals = base.loc[renamed.index.str.removesuffix(f"__s{NEW_PROGRAMME_EVERY}")].to_numpy()
    assert (renamed["programme"].to_numpy() == originals + " (appel 1)").all()
    # A nested envelope and its parent, renamed in the same copy: the tree keeps its shape.
    nested = renamed[renamed["parent"].notna()]
    parents = funding.loc[nested["parent"], "programme"]
    assert len(nested) and parents.str.endswith(" (appel 1)").all()
    unchanged = funding[funding.index.str.endswith("__s1")]
    assert set(unchanged["programme"]) == set(default_frames["financements"]["programme"])


def test_copied_events_are_spread_over_the_communes_that_have_festivals(default_frames):
    communes = festival_communes(default_frames["evenements"])
    assert len(communes) == 46  # the default data: 270 festivals of the Ministry's list in 46 communes
    events = generate(20, default_frames)["evenements"]
    copies = events[events["id"].str.contains("__s", regex=False)]
    placed = copies["code_insee_commune"].dropna()
    assert set(placed) == set(communes)  # every festival commune receives copies, and no other one
    # No commune gets more than a fair share: spread, not piled where the default data are.
    assert placed.value_counts().max() < 3 * len(placed) / len(communes)
    # An event without a known commune keeps none.
    unplaced = default_frames["evenements"]["code_insee_commune"].isna().sum()
    assert unplaced and copies["code_insee_commune"].isna().sum() == 19 * unplaced


def test_the_festival_communes_are_read_from_the_data(default_frames):
    base = dict(default_frames)
    events = base["evenements"]
    marseille = events["code_insee_commune"] == "13055"
    base["evenements"] = events[~marseille.fillna(False)].reset_index(drop=True)
    assert "13055" not in festival_communes(base["evenements"])
    spread = generate(5, base)["evenements"]["code_insee_commune"]
    assert "13055" not in set(spread.dropna())


def test_the_repeat_profile_keeps_programmes_beneficiaries_and_communes(default_frames):
    frames = generate(20, default_frames, profile=REPEAT)
    for column in ("programme", "beneficiaire"):
        assert set(frames["financements"][column]) == set(default_frames["financements"][column])
    assert set(frames["evenements"]["code_insee_commune"].dropna()) == set(
        default_frames["evenements"]["code_insee_commune"].dropna()
    )


def test_an_unknown_profile_is_refused(default_frames):
    with pytest.raises(ValueError, match="profile"):
        generate(2, default_frames, profile="national")
    assert VARIETY != REPEAT


def test_varied_data_are_valid_data(default_frames, contours):
    from tests.test_benchmarks_smoke import errors

    assert errors(generate(NEW_PROGRAMME_EVERY + 1, default_frames), contours) == []


def test_museum_attendance_follows_the_copied_museums_and_varies(default_frames):
    from benchmarks.synthetic import MISSING_EVERY
    from icc.datasets.schema import CHIFFRES_MANQUANTS

    scale = 20
    frames = generate(scale, default_frames)
    rows, base = frames["frequentation_lieux"], default_frames["frequentation_lieux"]
    assert len(rows) == scale * len(base) and rows["id"].is_unique
    # Every yearly row counts a place of the synthetic data, copy k a copy k of its museum.
    assert set(rows["lieu"]) <= set(frames["lieux"]["id"])
    assert rows["lieu"].nunique() == scale * base["lieu"].nunique()
    copy3 = rows[rows["id"].str.endswith("__s3")]
    assert copy3["lieu"].str.endswith("__s3").all()
    partners = copy3["compte_avec"].dropna().str.split(" ; ").explode()
    assert len(partners) and partners.str.endswith("__s3").all() and set(partners) <= set(frames["lieux"]["id"])
    # Figures vary row by row; a missing figure always says why and is never 0.
    copies = rows[rows["id"].str.contains("__s", regex=False)]
    assert copies["total"].dropna().nunique() > base["total"].dropna().nunique()
    missing = rows[rows["total"].isna()]
    assert missing["chiffre_manquant"].isin(CHIFFRES_MANQUANTS).all()
    assert rows.loc[rows["chiffre_manquant"].notna(), "total"].isna().all()
    # Which museums have no figure varies from copy to copy (about one figure in MISSING_EVERY).
    base_missing = base["total"].isna().mean()
    assert base_missing < copies["total"].isna().mean() < base_missing + 2 / MISSING_EVERY
    # Paying + free = total wherever both are given.
    both = rows[rows["payant"].notna() & rows["gratuit"].notna() & rows["total"].notna()]
    assert (both["payant"] + both["gratuit"] == both["total"]).all()


def test_the_repeat_profile_keeps_each_museum_s_missing_years(default_frames):
    rows = generate(5, default_frames, profile=REPEAT)["frequentation_lieux"]
    base = default_frames["frequentation_lieux"]
    assert rows["total"].isna().sum() == 5 * base["total"].isna().sum()
