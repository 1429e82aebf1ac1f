"""POST /compte/connexion and /compte/deconnexion: the only places a session cookie is set or cleared.

A successful sign-in opens a server-side session record and sets ``icc_session``: signed,
HttpOnly, SameSite=Strict, Secure behind TLS, with the session's lifetime. Sign-out revokes
the record (every tab of that browser is signed out at its next rerun) and clears the cookie.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from icc import settings
from icc.storage import sessions, signin, store
from icc.web import db, forms


def _same_origin(request: Request) -> bool:
    """Forms are posted by the app's own pages: refuse cross-site posts (login CSRF)."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


def _secure(request: Request) -> bool:
    # Behind nginx, uvicorn takes the scheme from X-Forwarded-Proto (trusted proxies only).
    return request.url.scheme == "https"


def _address(request: Request) -> str:
    return request.client.host if request.client else "inconnue"


MAX_FORM_BYTES = 8192  # a name, a password and a page address


class FormTooLarge(ValueError):
    pass


async def _small_form(request: Request) -> dict[str, str]:
    """The posted fields, read at most MAX_FORM_BYTES whatever Content-Length says."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise FormTooLarge
    return {k: v[0] for k, v in parse_qs(body.decode("utf-8", errors="replace")).items()}


def routes(secret: str) -> list[Route]:
    async def sign_in(request: Request) -> Response:
        config = settings.load()
        if config.oidc or not _same_origin(request):
            return HTMLResponse(forms.page("Connexion", "<p>Connexion refusée.</p>"), status_code=403)
        try:
            form = await _small_form(request)
        except FormTooLarge:
            return HTMLResponse(forms.page("Connexion", "<p>Formulaire trop volumineux.</p>"), status_code=413)
        username = str(form.get("utilisateur", ""))
        password = str(form.get("mot_de_passe", ""))
        next_page = forms.safe_next(str(form.get("suite", "")))
        policy = signin.Policy(config.login_max_failures, config.login_lock_seconds)
        engine = db.engine()
        outcome = await run_in_threadpool(signin.sign_in, engine, username, password, _address(request), policy)
        if outcome.user is None:
            throttled = outcome.message != signin.WRONG
            response = HTMLResponse(
                forms.page("Connexion", forms.sign_in_form(next_page, outcome.message)),
                status_code=429 if throttled else 401,
            )
            if outcome.retry_after:
                response.headers["Retry-After"] = str(outcome.retry_after)
            return response
        cookie, expires = await run_in_threadpool(
            sessions.open_session, engine, outcome.user.username, secret, config.session_hours
        )
        response = RedirectResponse(next_page, status_code=303)
        response.set_cookie(
            sessions.COOKIE,
            cookie,
            max_age=int(config.session_hours * 3600),
            expires=expires,
            path="/",
            secure=_secure(request),
            httponly=True,
            samesite="strict",
        )
        return response

    async def sign_out(request: Request) -> Response:
        if not _same_origin(request):
            return HTMLResponse(forms.page("Déconnexion", "<p>Déconnexion refusée.</p>"), status_code=403)
        config = settings.load()
        engine = db.engine()
        cookie = request.cookies.get(sessions.COOKIE)
        username = await run_in_threadpool(sessions.close_session, engine, cookie, secret, config.session_hours)
        if username is not None:
            await run_in_threadpool(store.log_event, engine, username, "déconnexion")
        response = RedirectResponse("/connexion", status_code=303)
        response.delete_cookie(sessions.COOKIE, path="/", secure=_secure(request), httponly=True, samesite="strict")
        return response

    async def sign_in_page(request: Request) -> Response:
        next_page = forms.safe_next(request.query_params.get("suite"))
        return HTMLResponse(forms.page("Connexion", forms.sign_in_form(next_page)))

    return [
        Route(forms.SIGN_IN_PATH, sign_in, methods=["POST"]),
        Route(forms.SIGN_IN_PATH, sign_in_page, methods=["GET"]),
        Route(forms.SIGN_OUT_PATH, sign_out, methods=["POST"]),
    ]
