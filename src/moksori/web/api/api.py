"""The NinjaAPI of Moksori, version 1: token-authenticated, schema at /api/v1/openapi.json.

The interactive docs page is off (``docs_url=None``): ninja's page loads Swagger UI from a CDN,
which the Content-Security-Policy forbids and which would tell a third party who uses the API.
"""

from __future__ import annotations

from ninja import NinjaAPI

from moksori.web.api import coding, consents, interviews, survivors, tokens, vocabulary
from moksori.web.api.auth import BearerToken
from moksori.web.api.errors import install_error_handlers

ROUTERS = (
    survivors.router,
    interviews.router,
    consents.router,
    coding.router,
    vocabulary.router,
    tokens.router,
)


def build_api() -> NinjaAPI:
    """A fresh API with every router; the app serves the one built at import as ``api``."""
    instance = NinjaAPI(
        title="Moksori API",
        version="1",
        description="Survivors, interviews, consent and coding, for scripts. Authenticate with "
        "`Authorization: Bearer <token>`; every read and write is audited.",
        urls_namespace="api-v1",
        openapi_url="/openapi.json",
        docs_url=None,
        auth=BearerToken(),
    )
    install_error_handlers(instance)
    for router in ROUTERS:
        instance.add_router("", router)
    return instance


api = build_api()
