"""The line under the map that says which basemap is in use, and whether its tiles could load.

Whether tiles load is known only in the visitor's browser (a closed network, a proxy), so the
browser asks: it fetches the basemap's probe address once and, if that fails, says so in French.
"""

from __future__ import annotations

import html

import streamlit as st

from icc.prepared.provenance import escape_markdown
from icc.present.maps import Basemap

UNREACHABLE = (
    "Les tuiles du fond de carte n'ont pas pu être chargées depuis ce poste (réseau fermé ou serveur "
    "indisponible) : la carte montre les contours et les noms des communes, sans fond."
)

# The probe reports through data-state ("test", "ok", "echec") as well as text, for the tests. The
# script is a constant (the server's CSP allows it by hash); what varies is in data- attributes.
_LINE = (
    '<p class="icc-fond" role="status" data-state="test" data-probe="{probe}" data-echec="{unreachable}" '
    'style="font-size:0.875rem;color:#4a4f5c">{note}</p>'
)
_SCRIPT = """<script>
(() => {
  const line = document.querySelector("p.icc-fond");
  if (!line) return;
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), 8000);
  fetch(line.dataset.probe, {mode: "no-cors", cache: "no-store", signal: stop.signal})
    .then(() => { line.dataset.state = "ok"; })
    .catch(() => { line.dataset.state = "echec"; line.textContent += " " + line.dataset.echec; })
    .finally(() => clearTimeout(timer));
})();
</script>"""


def status(base: Basemap, contours_note: str = "") -> None:
    """Say the basemap in use; with tiles to load, let the browser check they do."""
    note = " ".join(part for part in (base.note, contours_note) if part)
    if base.probe is None:
        st.caption(escape_markdown(note))
        return
    line = _LINE.format(probe=html.escape(base.probe), unreachable=html.escape(UNREACHABLE), note=html.escape(note))
    st.html(line + _SCRIPT, unsafe_allow_javascript=True)
