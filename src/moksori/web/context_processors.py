"""What the page frame shows each user: menu entries follow the same permission rules as the views."""

from __future__ import annotations

from django.http import HttpRequest

from moksori.web.accounts.models import User
from moksori.web.findings.queries import can_see_findings
from moksori.web.linkage.queries import can_review


def navigation(request: HttpRequest) -> dict[str, bool]:
    user = request.user
    return {
        "show_linkage_review": isinstance(user, User) and can_review(user),
        "show_findings": isinstance(user, User) and can_see_findings(user),
    }
