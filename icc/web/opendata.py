"""Read-only open-data routes, as an open-data portal offers them (Opendatasoft's exports API).

    /donnees-ouvertes/                               catalogue (JSON): each dataset, its current version, links
    /donnees-ouvertes/datapackage.json               Frictionless data package of the current versions
    /donnees-ouvertes/{jeu}.csv | .json              current version of a dataset
    /donnees-ouvertes/{jeu}/datapackage.json         its data package
    /donnees-ouvertes/{jeu}/versions                 every version: number, date, comment, rows
    /donnees-ouvertes/{jeu}/versions/{n}.csv | .json | /datapackage.json   any past version

CSV is plain UTF-8 with commas; text cells that a spreadsheet would run as a formula are
prefixed with an apostrophe, as in every export of the app. A version never changes: its files
are cached for a year; the current ones for five minutes, with an ETag either way. Anonymous,
unless ``ICC_REQUIRE_LOGIN`` is set: then a signed-in session cookie is needed.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime

import pandas as pd
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from icc import settings
from icc.datasets import exports
from icc.datasets.datapackage import build as build_package
from icc.datasets.datapackage import table_schema
from icc.datasets.schema import BOOLEAN, DATASETS, ORDER
from icc.storage import sessions, store
from icc.web import db

PREFIX = "/donnees-ouvertes"
CURRENT_MAX_AGE = 300
_PATH = re.compile(
    r"(?:(?P<package>datapackage\.json)"
    r"|(?P<jeu>[a-z_]+)(?:\.(?P<fmt>csv|json)"
    r"|/datapackage\.json(?P<jeu_package>)"
    r"|/versions(?P<list>/?)"
    r"|/versions/(?P<n>[0-9]{1,9})(?:\.(?P<vfmt>csv|json)|/datapackage\.json(?P<v_package>))))"
)


class NotFound(LookupError):
    pass


def _json(value, status: int = 200, headers: dict | None = None) -> Response:
    body = json.dumps(value, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    return Response(body, status, headers, media_type="application/json")


def _utc(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back: they were stored in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _version_info(v: store.Version) -> dict:
    return {
        "version": v.number,
        "date": _utc(v.created_at).isoformat(),
        "commentaire": v.comment,
        "lignes": v.row_count,
        "empreinte_sha256": v.checksum,
    }


def _find(engine, jeu: str, number: int | None) -> store.Version:
    if jeu not in DATASETS:
        raise NotFound(f"Jeu de données inconnu : « {jeu} ».")
    if number is None:
        found = store.current_versions(engine).get(jeu)
    else:
        found = next((v for v in store.history(engine, jeu) if v.number == number), None)
    if found is None:
        raise NotFound(f"Le jeu « {jeu} » n'a pas de version {number}.")
    return found


def _frame(engine, v: store.Version) -> pd.DataFrame:
    frame = store.read_version(engine, v.id)
    for f in DATASETS[v.dataset].fields:
        if f.kind == BOOLEAN:  # as the data package says: trueValues "true", falseValues "false"
            frame[f.name] = frame[f.name].map(lambda x: None if pd.isna(x) else ("true" if x else "false"))
    return frame


def csv_of(engine, v: store.Version) -> bytes:
    return exports.dataset_csv(v.dataset, _frame(engine, v), french_excel=False)


def json_of(engine, v: store.Version) -> bytes:
    frame = store.read_version(engine, v.id)
    records = json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso"))
    return json.dumps(records, ensure_ascii=False).encode("utf-8")


def _resource(v: store.Version, path: str) -> dict:
    ds = DATASETS[v.dataset]
    return {
        "name": v.dataset,
        "title": ds.title,
        "description": ds.description,
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ","},
        "schema": table_schema(ds),
        "version": _version_info(v),
    }


def package_of(versions: list[store.Version], path_of) -> dict:
    base = build_package()
    base["resources"] = [_resource(v, path_of(v)) for v in versions]
    return base


def catalogue(engine) -> dict:
    current = store.current_versions(engine)
    return {
        "titre": build_package()["title"],
        "licence": "Licence Ouverte / Open Licence 2.0 (Etalab)",
        "datapackage": f"{PREFIX}/datapackage.json",
        "jeux": [
            {
                "nom": name,
                "titre": DATASETS[name].title,
                "description": DATASETS[name].description,
                "version_en_vigueur": _version_info(current[name]),
                "csv": f"{PREFIX}/{name}.csv",
                "json": f"{PREFIX}/{name}.json",
                "datapackage": f"{PREFIX}/{name}/datapackage.json",
                "versions": f"{PREFIX}/{name}/versions",
            }
            for name in ORDER
            if name in current
        ],
    }


def _answer(engine, rest: str) -> tuple[bytes, str, str, bool, object]:
    """(body, media type, ETag seed, immutable, last-modified) for a path under the prefix."""
    if rest in ("", "/"):
        return json.dumps(catalogue(engine), ensure_ascii=False, indent=2).encode(), "application/json", "", False, None
    m = _PATH.fullmatch(rest.lstrip("/"))
    if m is None:
        raise NotFound(f"Adresse inconnue : {PREFIX}/{rest.lstrip('/')}")
    if m["package"]:
        current = store.current_versions(engine)
        versions = [current[n] for n in ORDER if n in current]
        body = package_of(versions, lambda v: f"{v.dataset}.csv")
        seed = "".join(v.checksum for v in versions)
        return json.dumps(body, ensure_ascii=False, indent=2).encode(), "application/json", seed, False, None
    jeu = m["jeu"]
    if m["list"] is not None:
        history = store.history(_known(engine, jeu), jeu)
        body = {"jeu": jeu, "titre": DATASETS[jeu].title, "versions": [_version_info(v) for v in history]}
        body["versions"] = [
            {**info, "csv": f"{PREFIX}/{jeu}/versions/{info['version']}.csv"} for info in body["versions"]
        ]
        seed = "".join(v.checksum + str(v.number) for v in history)
        return json.dumps(body, ensure_ascii=False, indent=2).encode(), "application/json", seed, False, None
    number = int(m["n"]) if m["n"] else None
    v = _find(engine, jeu, number)
    fmt = m["fmt"] or m["vfmt"]
    immutable = number is not None
    if fmt == "csv":
        return csv_of(engine, v), "text/csv; charset=utf-8", f"{v.checksum}.csv", immutable, v.created_at
    if fmt == "json":
        return json_of(engine, v), "application/json", f"{v.checksum}.json", immutable, v.created_at
    path = f"{v.number}.csv" if immutable else f"../{v.dataset}.csv"
    body = json.dumps(package_of([v], lambda _: path), ensure_ascii=False, indent=2).encode()
    return body, "application/json", f"{v.checksum}.package", immutable, v.created_at


def _known(engine, jeu: str):
    if jeu not in DATASETS:
        raise NotFound(f"Jeu de données inconnu : « {jeu} ».")
    return engine


def routes(secret: str) -> list[Route]:
    async def serve(request: Request) -> Response:
        config = settings.load()
        engine = db.engine()
        if config.require_login:
            user = await run_in_threadpool(
                sessions.user_for, engine, request.cookies.get(sessions.COOKIE), secret, config.session_hours
            )
            if user is None:
                return _json({"erreur": "La consultation des données demande un compte : connectez-vous."}, 401)
        rest = request.path_params.get("rest", "")
        try:
            body, media, seed, immutable, modified = await run_in_threadpool(_answer, engine, rest)
        except NotFound as exc:
            return _json({"erreur": str(exc)}, 404)
        etag = '"' + hashlib.sha256((seed or body.hex()).encode()).hexdigest()[:32] + '"'
        if config.require_login:
            cache = "private, no-cache"
        elif immutable:
            cache = "public, max-age=31536000, immutable"
        else:
            cache = f"public, max-age={CURRENT_MAX_AGE}"
        headers = {"ETag": etag, "Cache-Control": cache, "Access-Control-Allow-Origin": "*"}
        if config.require_login:
            del headers["Access-Control-Allow-Origin"]
        if modified is not None:
            headers["Last-Modified"] = _utc(modified).strftime("%a, %d %b %Y %H:%M:%S GMT")
        if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
            return Response(status_code=304, headers=headers)
        if media.startswith("text/csv"):
            name = rest.strip("/").replace("/versions/", "-v").replace("/", "-")
            headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return Response(body, headers=headers, media_type=media)

    return [
        Route(PREFIX, serve, methods=["GET", "HEAD"]),
        Route(PREFIX + "/{rest:path}", serve, methods=["GET", "HEAD"]),
    ]
