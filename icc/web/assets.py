"""Files the server itself serves so no visitor's browser fetches them elsewhere (the favicon)."""

from __future__ import annotations

from pathlib import Path

from starlette.responses import FileResponse
from starlette.routing import Route

FAVICON = Path(__file__).resolve().parent / "assets" / "favicon.png"


def routes() -> list[Route]:
    async def favicon(request):
        return FileResponse(FAVICON, media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})

    return [Route("/favicon.png", favicon, methods=["GET", "HEAD"]), Route("/favicon.ico", favicon)]
