"""The line under the map that says which basemap is in use, and whether its tiles could load.

Whether tiles load is known only in the visitor's browser (a closed network, a proxy), so the
browser asks: it fetches the basemap's probe address once and, if that fails, says so in French.
"""

from __future__ import annotations

import html
import json

import streamlit as st

from icc.maps import Basemap
from icc.provenance import escape_markdown

UNREACHABLE = (
    "Les tuiles du fond de carte n'ont pas pu être chargées depuis ce poste (réseau fermé ou serveur "
    "indisponible) : la carte montre les contours et les noms des communes, sans fond."
)

# The probe reports through data-state ("test", "ok", "echec") as well as text, for the tests.
_PROBE = """<p class="icc-fond" role="status" data-state="test" style="font-size:0.875rem;color:#4a4f5c">{note}</p>
<script>
(() => {{
  const line = document.querySelector("p.icc-fond");
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), 8000);
  fetch({probe}, {{mode: "no-cors", cache: "no-store", signal: stop.signal}})
    .then(() => {{ line.dataset.state = "ok"; }})
    .catch(() => {{ line.dataset.state = "echec"; line.textContent = {text} + " " + {unreachable}; }})
    .finally(() => clearTimeout(timer));
}})();
</script>"""


def _js(value: str) -> str:
    """A JavaScript string literal that cannot close the script element."""
    return json.dumps(value).replace("<", "\\u003c")


def status(base: Basemap, contours_note: str = "") -> None:
    """Say the basemap in use; with tiles to load, let the browser check they do."""
    note = " ".join(part for part in (base.note, contours_note) if part)
    if base.probe is None:
        st.caption(escape_markdown(note))
        return
    st.html(
        _PROBE.format(
            note=html.escape(note),
            text=_js(note),
            probe=_js(base.probe),
            unreachable=_js(UNREACHABLE),
        ),
        unsafe_allow_javascript=True,
    )
