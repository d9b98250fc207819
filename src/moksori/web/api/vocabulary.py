"""The controlled vocabularies' active terms, for scripts that code events."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from moksori.web.api.requests import acting_user
from moksori.web.api.schemas import TermOut
from moksori.web.vocabulary.queries import codable_terms

router = Router(tags=["vocabulary"])


@router.get("/vocabulary/terms", response=list[TermOut], summary="Active terms of a scheme and group")
def list_terms(request: HttpRequest, scheme: Query[str], group: Query[str]) -> list[dict[str, str]]:
    acting_user(request)
    return [
        {
            "scheme": term.scheme,
            "group": term.group,
            "code": term.code,
            "label_en": term.label_en,
            "label_ko": term.label_ko,
            "label_zh": term.label_zh,
            "definition": term.definition,
        }
        for term in codable_terms(scheme, group)
    ]
