"""Words of the findings pages in the reader's language: claim titles, categories, units and caveats.

The claim evaluator (pure, in moksori.analysis) writes its caveats in English. Each caveat is read by
the forms of moksori.reports.caveat_forms (shared with the report) and rebuilt from its numbers in a
translated sentence; a caveat of an unknown form is shown as written rather than left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from moksori.reports.caveat_forms import ParsedCaveat, parse_allegation_caveat, parse_caveat

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


# One rebuild per caveat form of moksori.reports.caveat_forms: the gettext strings stay here so
# makemessages finds them, the forms (what the evaluators write) live once, beside the report's.
Rebuild = Callable[[Mapping[str, str]], str]


def _deduplicated(p: Mapping[str, str]) -> str:
    return _("n = %(n)s %(unit)s from %(survivors)s survivors after de-duplication by linkage cluster") % {
        "n": p["n"],
        "unit": unit_label(p["unit"]),
        "survivors": p["survivors"],
    }


def _sources(p: Mapping[str, str]) -> str:
    organisations = ngettext("%(count)s organisation", "%(count)s organisations", int(p["organisations"]))
    interviewers = ngettext("%(count)s interviewer", "%(count)s interviewers", int(p["interviewers"]))
    return _("%(organisations)s and %(interviewers)s") % {
        "organisations": organisations % {"count": p["organisations"]},
        "interviewers": interviewers % {"count": p["interviewers"]},
    }


def _dated(p: Mapping[str, str]) -> str:
    return _("events dated %(first)s to %(last)s") % {"first": p["first"], "last": p["last"]}


def _reached(p: Mapping[str, str]) -> str:
    return _("survivors reached through: %(ways)s") % {"ways": p["ways"]}


def _small(p: Mapping[str, str]) -> str:
    return _("small n (%(n)s < %(limit)s): the interval is wide and the share can move a lot") % {
        "n": p["n"],
        "limit": p["limit"],
    }


def _fixed(text: Promise) -> Rebuild:
    return lambda _p: str(text)


CAVEAT_TEXTS: dict[str, Rebuild] = {
    "deduplicated": _deduplicated,
    "sources": _sources,
    "dated": _dated,
    "undated": _fixed(gettext_lazy("no dated events")),
    "reached": _reached,
    "reach_unknown": _fixed(gettext_lazy("how survivors were reached is not recorded")),
    "convenience": _fixed(
        gettext_lazy(
            "survivors were reached by convenience (those who escaped and chose to testify): "
            "a convenience sample does not estimate a population share"
        )
    ),
    "small_n": _small,
    "events_dependent": _fixed(
        gettext_lazy("events of one survivor are not independent; the interval treats them as if they were")
    ),
}


def translated_caveat(caveat: str) -> str:
    """The caveat in the active language, or as written when its form is unknown."""
    return _rebuilt(caveat, parse_caveat(caveat), CAVEAT_TEXTS)


def _linked_sources(p: Mapping[str, str]) -> str:
    return ngettext(
        "%(count)s source gave more than one testimony (linked by record linkage); each counts once",
        "%(count)s sources gave more than one testimony (linked by record linkage); each counts once",
        int(p["count"]),
    ) % {"count": p["count"]}


def _interviewer_unknown(p: Mapping[str, str]) -> str:
    return _("interviewer not recorded for %(count)s testimonies: only known interviewers are counted") % {
        "count": p["count"]
    }


def _too_few_sources(p: Mapping[str, str]) -> str:
    return _("fewer than %(count)s independent sources: not corroborated") % {"count": p["count"]}


ALLEGATION_CAVEAT_TEXTS: dict[str, Rebuild] = {
    "linked_sources": _linked_sources,
    "one_organisation": _fixed(
        gettext_lazy("all sources come from one organisation: accounts may share intake or translation")
    ),
    "interviewer_unknown": _interviewer_unknown,
    "one_interviewer": _fixed(
        gettext_lazy("one interviewer heard every account: independence of wording is limited")
    ),
    "too_few_sources": _too_few_sources,
}


def translated_allegation_caveat(caveat: str) -> str:
    """An allegation's caveat in the active language, or as written when its form is unknown."""
    return _rebuilt(caveat, parse_allegation_caveat(caveat), ALLEGATION_CAVEAT_TEXTS)


def _rebuilt(caveat: str, parsed: ParsedCaveat | None, texts: Mapping[str, Rebuild]) -> str:
    if parsed is None:
        return caveat
    key, parameters = parsed
    rebuild = texts.get(key)
    return caveat if rebuild is None else rebuild(parameters)
