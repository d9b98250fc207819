"""Turning validated import records (moksori.intake) into testimonies for the bulk writer."""

from __future__ import annotations

import re
from collections.abc import Sequence

from moksori.intake.records import ImportRecord
from moksori.web.testimonies.bulk import ConsentInput, TestimonyInput
from moksori.web.testimonies.models import ConsentPurpose

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_CONSENT_COLUMNS = {
    ConsentPurpose.INTERNAL_CASE_WORK: "consent_internal_case_work",
    ConsentPurpose.AGGREGATE_STATISTICS: "consent_aggregate_statistics",
    ConsentPurpose.ANONYMISED_QUOTATION: "consent_anonymised_quotation",
    ConsentPurpose.LEGAL_PROCEEDINGS: "consent_legal_proceedings",
}


def split_passages(transcript: str, translation: str = "") -> list[tuple[str, str]]:
    """Passages are the transcript's paragraphs; the translation's paragraphs align with them in order."""
    texts = [p.strip() for p in _PARAGRAPH_BREAK.split(transcript) if p.strip()]
    translations = [p.strip() for p in _PARAGRAPH_BREAK.split(translation) if p.strip()]
    if len(translations) != len(texts):
        # Misaligned translations stay whole on the first passage rather than land beside the wrong text.
        translations = ["\n\n".join(translations)] + [""] * (len(texts) - 1) if translations else []
    translations += [""] * (len(texts) - len(translations))
    return list(zip(texts, translations, strict=True))


def testimony_from_record(record: ImportRecord) -> TestimonyInput:
    identity = {
        "name_hangul": record.name_hangul or "",
        "name_latin": record.name_latin or "",
        "birth_year": str(record.birth_year or ""),
        "home_province": record.home_province or "",
        "left_year": str(record.left_year or ""),
        "china_place": record.china_place or "",
        "contact": record.contact or "",
    }
    return TestimonyInput(
        survivor_code=record.survivor_code,
        identity=identity,
        conducted_on=record.interview_date,
        passages=split_passages(record.transcript, record.translation or ""),
        place=record.interview_place or "",
        language=record.language,
        consents=consents_from_record(record),
        key=f"{record.source_file}:{record.row_number}",
        interviewer=record.interviewer or "",
    )


def consents_from_record(record: ImportRecord) -> list[ConsentInput]:
    answers = [
        ConsentInput(purpose, bool(getattr(record, column)), record.interview_date)
        for purpose, column in _CONSENT_COLUMNS.items()
        if getattr(record, column) is not None
    ]
    if record.consent_partner_sharing:
        answers.append(
            ConsentInput(
                ConsentPurpose.PARTNER_SHARING, True, record.interview_date, record.consent_partner_sharing
            )
        )
    return answers


def testimonies_from_records(records: Sequence[ImportRecord]) -> list[TestimonyInput]:
    return [testimony_from_record(record) for record in records]
