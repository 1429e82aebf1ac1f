"""The Streamlit script: page registry, theme and who may see which page.

Served by ``server.py`` (``st.App``), which adds sign-in routes, headers and open data.
"""

from pathlib import Path

import streamlit as st

from icc import settings
from icc.ui import auth, chrome, data
from icc.web import navigation

FAVICON = Path(__file__).resolve().parent / "icc" / "web" / "assets" / "favicon.png"

st.set_page_config(
    page_title=navigation.SITE,
    page_icon=str(FAVICON),  # a local file: no font or icon fetched from a third party
    layout="wide",
    initial_sidebar_state="auto",  # collapsed on phones, where it would cover the page
)
chrome.apply_style()

data.engine()  # first start on an empty database seeds it
user = auth.current_user()


def _page(spec: navigation.PageSpec) -> st.Page:
    if spec.path:
        return st.Page(spec.script, title=spec.title, icon=spec.icon, url_path=spec.path)
    return st.Page(spec.script, title=spec.title, icon=spec.icon, default=True)


def _visible(spec: navigation.PageSpec) -> bool:
    if spec.audience == "administrateur":
        return user is not None and user.is_admin
    if spec.audience == "editeur":
        return user is not None and user.can_edit
    return True


visible = [spec for spec in navigation.PAGES if _visible(spec)]
pages: dict[str, list[st.Page]] = {}
for spec in visible:
    pages.setdefault(spec.group, []).append(_page(spec))

# When reading needs an account, an anonymous visitor gets the sign-in page whatever the link
# (the link's page then opens after signing in) and sees no navigation.
locked = settings.load().require_login and user is None
# Registered with Streamlit, shown by the app's own menu: Streamlit 1.67's sectioned navigation
# puts list items outside their list (axe rules list and listitem, RGAA 9.3).
selected = st.navigation(pages, position="hidden")
st.set_page_config(page_title=navigation.document_title("Connexion" if locked else selected.title))
if locked:
    auth.sign_in_panel()
    st.stop()
chrome.navigation_menu(visible, selected.url_path)
if selected.url_path not in ("donnees", "historique", "admin"):  # the data pages work on today's versions
    chrome.as_of_banner()
selected.run()
