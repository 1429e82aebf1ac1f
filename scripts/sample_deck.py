"""Build the sample steering-committee deck of docs/ from the default data, and its slides as PNG.

    .venv/bin/python scripts/sample_deck.py

Writes docs/exemple-comite-de-pilotage.pptx (default data seeded into a temporary SQLite
database, no filter, every screen) and one PNG per slide in docs/exemple-comite-de-pilotage/,
through LibreOffice (headless, French locale) and pdftoppm. Installs nothing: it says which
Debian package to install when a tool is missing.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from icc.intake.seed import seed_if_empty  # noqa: E402
from icc.prepared import model  # noqa: E402
from icc.prepared.filters import Filters  # noqa: E402
from icc.present import deck  # noqa: E402
from icc.storage import store  # noqa: E402

DOCS = ROOT / "docs"
PPTX = DOCS / "exemple-comite-de-pilotage.pptx"
PNG_DIR = DOCS / "exemple-comite-de-pilotage"


def build(work: Path, today: dt.date) -> None:
    engine = store.make_engine(f"sqlite:///{work / 'icc.db'}")
    seed_if_empty(engine, ROOT / "data")
    bundle = model.load_bundle(engine)
    engine.dispose()
    PPTX.write_bytes(deck.pptx_bytes(bundle, Filters(), today=today, template=""))
    print(f"Écrit : {PPTX.relative_to(ROOT)}")


def render(work: Path) -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice est absent : installez-le avec « apt-get install -y libreoffice-impress », puis relancez.")
        return 1
    if shutil.which("pdftoppm") is None:
        print("pdftoppm est absent : installez-le avec « apt-get install -y poppler-utils », puis relancez.")
        return 1
    # French locale: LibreOffice then shows the charts' numbers as « 150 000 » and « 211,5 M€ ».
    env = os.environ | {"LANG": "fr_FR.UTF-8", "LC_ALL": "fr_FR.UTF-8", "LANGUAGE": "fr"}
    profile = (work / "profil-libreoffice").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(PPTX),
        ],
        check=True,
        env=env,
        capture_output=True,
        timeout=300,
    )
    pdf = work / f"{PPTX.stem}.pdf"
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    for old in PNG_DIR.glob("*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-scale-to", "960", str(pdf), str(PNG_DIR / "diapositive")], check=True, timeout=300
    )
    pngs = sorted(PNG_DIR.glob("*.png"))
    print(f"Écrit : {len(pngs)} images dans {PNG_DIR.relative_to(ROOT)}/")
    return 0


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        build(work, dt.date.today())
        return render(work)


if __name__ == "__main__":
    sys.exit(main())
