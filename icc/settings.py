"""Settings: ``ICC_*`` environment variables first, then ``.streamlit/secrets.toml``.

Every setting is documented in the README.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRETS_FILE = ROOT / ".streamlit" / "secrets.toml"


def _secrets() -> dict:
    try:
        return tomllib.loads(SECRETS_FILE.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    var_dir: Path
    communes_geojson: str | None  # path of a supplied contour file
    basemap: str  # "carto", "none" or an XYZ tile URL template
    require_login: bool
    max_upload_mb: int
    max_rows: int
    pptx_template: str | None  # the Métropole's PowerPoint template (.pptx)
    session_hours: float  # lifetime of a built-in sign-in (cookie and server-side record)
    login_max_failures: int  # failed sign-ins of one account before its temporary lock
    login_lock_seconds: int  # how long the lock lasts (and how long failures are remembered)
    oidc: bool  # an [auth] section in secrets.toml: sign-in goes through st.login
    accessibility_contact: str | None = None  # who answers accessibility requests (statement page)
    prepare_seconds: float = 30.0  # how often the server looks for a new data version to prepare (0: never)


def load() -> Settings:
    secrets = _secrets()

    def get(name: str, default: str | None = None) -> str | None:
        return os.environ.get(f"ICC_{name.upper()}") or secrets.get(name.lower()) or default

    var_dir = Path(get("var_dir", str(ROOT / "var")))
    return Settings(
        database_url=get("database_url", f"sqlite:///{var_dir / 'icc.db'}"),
        data_dir=Path(get("data_dir", str(ROOT / "data"))),
        var_dir=var_dir,
        communes_geojson=get("communes_geojson"),
        basemap=get("basemap", "none"),  # no third party unless configured
        require_login=str(get("require_login", "false")).lower() in ("1", "true", "oui", "yes"),
        max_upload_mb=int(get("max_upload_mb", "20")),
        max_rows=int(get("max_rows", "200000")),
        pptx_template=get("pptx_template"),
        session_hours=float(get("session_hours", "8")),
        login_max_failures=int(get("login_max_failures", "10")),
        login_lock_seconds=int(get("login_lock_seconds", "900")),
        oidc="auth" in secrets,
        accessibility_contact=get("accessibility_contact"),
        prepare_seconds=float(get("prepare_seconds", "30")),
    )
