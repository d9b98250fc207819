"""Words of the findings pages in the reader's language: claim titles, categories, units and caveats.

The claim evaluator (pure, in moksori.analysis) writes its caveats in English. Here each caveat is
matched against the forms that evaluator writes and rebuilt from its numbers in a translated
sentence; a caveat of an unknown form is shown as written rather than left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from moksori.analysis.stats.claims import CONVENIENCE_CAVEAT

CLAIM_TITLES: dict[str, Promise] = {
    "share_sex_trade": gettext_lazy("Trafficked into the sex trade"),
    "split_exploitation_types": gettext_lazy("Kinds of sexual exploitation"),
    "median_sale_price_by_year": gettext_lazy("Median sale price by year"),
    "share_sales_involving_police": gettext_lazy("Sales involving Chinese police or border officers"),
}
CLAIM_DESCRIPTIONS: dict[str, Promise] = {
    "share_sex_trade": gettext_lazy(
        "Share of survivors trafficked into the sex trade (forced marriage or sale as a bride, forced sex "
        "work, or online sexual exploitation), among survivors with any recorded sale."
    ),
    "split_exploitation_types": gettext_lazy(
        "Among survivors trafficked into the sex trade, the split between forced sex work, online sexual "
        "exploitation and forced marriage. A survivor who went through several is counted once, in the "
        "first category listed."
    ),
    "median_sale_price_by_year": gettext_lazy(
        "Median price paid at a sale or resale, in Chinese yuan, by year of the sale; other currencies "
        "are converted at fixed rates."
    ),
    "share_sales_involving_police": gettext_lazy(
        "Share of sales and resales in which Chinese police or border officers took part, among all "
        "recorded sales and resales."
    ),
}
CATEGORY_LABELS: dict[str, Promise] = {
    "forced_sex_work": gettext_lazy("forced sex work"),
    "cybersex": gettext_lazy("online sexual exploitation"),
    "forced_marriage": gettext_lazy("forced marriage"),
    "other": gettext_lazy("other"),
}
UNIT_LABELS: dict[str, Promise] = {
    "survivor": gettext_lazy("survivors"),
    "event": gettext_lazy("events"),
}


ALLEGATION_TITLES: dict[str, Promise] = {
    "broker_resale_yanbian_inland": gettext_lazy("A broker network resells women from Yanbian inland"),
    "forced_cybersex": gettext_lazy("Women forced into webcam sex"),
    "police_sales_tumen_2016_2018": gettext_lazy("Police sold women in Tumen, 2016–2018"),
    "police_sales_yanbian": gettext_lazy("Chinese police took part in selling women in Yanbian"),
}
CONTRADICTION_KINDS: dict[str, Promise] = {
    "date": gettext_lazy("date"),
    "place": gettext_lazy("place"),
    "actor": gettext_lazy("actor"),
}


def allegation_title(name: str) -> str:
    return str(ALLEGATION_TITLES.get(name, name))


def contradiction_kind(kind: str) -> str:
    return str(CONTRADICTION_KINDS.get(kind, kind))


def claim_title(name: str) -> str:
    return str(CLAIM_TITLES.get(name, name))


def claim_description(name: str, written: str) -> str:
    return str(CLAIM_DESCRIPTIONS.get(name, written))


def category_label(category: str) -> str:
    return str(CATEGORY_LABELS.get(category, category))


def unit_label(unit: str) -> str:
    return str(UNIT_LABELS.get(unit, unit))


def _deduplicated(m: re.Match[str]) -> str:
    return _("n = %(n)s %(unit)s from %(survivors)s survivors after de-duplication by linkage cluster") % {
        "n": m["n"],
        "unit": unit_label(m["unit"]),
        "survivors": m["survivors"],
    }


def _sources(m: re.Match[str]) -> str:
    organisations = ngettext("%(count)s organisation", "%(count)s organisations", int(m["orgs"]))
    interviewers = ngettext("%(count)s interviewer", "%(count)s interviewers", int(m["interviewers"]))
    return _("%(organisations)s and %(interviewers)s") % {
        "organisations": organisations % {"count": m["orgs"]},
        "interviewers": interviewers % {"count": m["interviewers"]},
    }


def _span(m: re.Match[str]) -> str:
    return _("events dated %(first)s to %(last)s") % {"first": m["first"], "last": m["last"]}


def _reached(m: re.Match[str]) -> str:
    return _("survivors reached through: %(ways)s") % {"ways": m["ways"]}


def _small(m: re.Match[str]) -> str:
    return _("small n (%(n)s < %(limit)s): the interval is wide and the share can move a lot") % {
        "n": m["n"],
        "limit": m["limit"],
    }


def _fixed(text: Promise) -> Callable[[re.Match[str]], str]:
    return lambda _m: str(text)


CAVEAT_FORMS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(
            r"n = (?P<n>\d+) (?P<unit>\w+)s from (?P<survivors>\d+) survivors"
            r" after de-duplication by linkage cluster"
        ),
        _deduplicated,
    ),
    (re.compile(r"(?P<orgs>\d+) organisations and (?P<interviewers>\d+) interviewers"), _sources),
    (re.compile(r"events dated (?P<first>\d{4}) to (?P<last>\d{4})"), _span),
    (re.compile(r"no dated events"), _fixed(gettext_lazy("no dated events"))),
    (re.compile(r"survivors reached through: (?P<ways>.+)"), _reached),
    (
        re.compile(r"how survivors were reached is not recorded"),
        _fixed(gettext_lazy("how survivors were reached is not recorded")),
    ),
    (
        re.compile(re.escape(CONVENIENCE_CAVEAT)),
        _fixed(
            gettext_lazy(
                "survivors were reached by convenience (those who escaped and chose to testify): "
                "a convenience sample does not estimate a population share"
            )
        ),
    ),
    (re.compile(r"small n \((?P<n>\d+) < (?P<limit>\d+)\).*"), _small),
    (
        re.compile(r"events of one survivor are not independent.*"),
        _fixed(
            gettext_lazy(
                "events of one survivor are not independent; the interval treats them as if they were"
            )
        ),
    ),
)


def translated_caveat(caveat: str) -> str:
    """The caveat in the active language, or as written when its form is unknown."""
    for pattern, rebuild in CAVEAT_FORMS:
        match = pattern.fullmatch(caveat)
        if match is not None:
            return rebuild(match)
    return caveat


def _linked_sources(m: re.Match[str]) -> str:
    return ngettext(
        "%(count)s source gave more than one testimony (linked by record linkage); each counts once",
        "%(count)s sources gave more than one testimony (linked by record linkage); each counts once",
        int(m["count"]),
    ) % {"count": m["count"]}


def _interviewer_unknown(m: re.Match[str]) -> str:
    return _("interviewer not recorded for %(count)s testimonies: only known interviewers are counted") % {
        "count": m["count"]
    }


def _too_few_sources(m: re.Match[str]) -> str:
    return _("fewer than %(count)s independent sources: not corroborated") % {"count": m["count"]}


ALLEGATION_CAVEAT_FORMS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"(?P<count>\d+) source\(s\) gave more than one testimony.*"), _linked_sources),
    (
        re.compile(r"all sources come from one organisation.*"),
        _fixed(
            gettext_lazy("all sources come from one organisation: accounts may share intake or translation")
        ),
    ),
    (re.compile(r"interviewer not recorded for (?P<count>\d+) testimonies.*"), _interviewer_unknown),
    (
        re.compile(r"one interviewer heard every account.*"),
        _fixed(gettext_lazy("one interviewer heard every account: independence of wording is limited")),
    ),
    (re.compile(r"fewer than (?P<count>\d+) independent sources.*"), _too_few_sources),
)


def translated_allegation_caveat(caveat: str) -> str:
    """An allegation's caveat in the active language, or as written when its form is unknown."""
    for pattern, rebuild in ALLEGATION_CAVEAT_FORMS:
        match = pattern.fullmatch(caveat)
        if match is not None:
            return rebuild(match)
    return caveat
