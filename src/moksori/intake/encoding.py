"""Decoding CSV bytes: a strict order of encodings, and a clear error when unsure.

Korean Excel saves "CSV" in CP949 and "CSV UTF-8" with a BOM; "Unicode text" is UTF-16.
We try UTF-8 (with or without BOM) strictly, then CP949 strictly, and accept CP949 only
when charset-normalizer agrees the bytes look Korean: GBK Chinese text also decodes as
CP949, into plausible-looking nonsense, and a silent wrong guess would store it.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

from moksori.intake.errors import IntakeError

KOREAN_CODECS = frozenset({"cp949", "euc_kr", "johab", "iso2022_kr"})
_SNIFF_BYTES = 256 * 1024
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class DecodedText:
    """The text of a file and the encoding it was decoded with."""

    text: str
    encoding: str


def decode_bytes(data: bytes, *, file: str, encoding: str | None = None) -> DecodedText:
    """Decode `data`, read from `file`, strictly; raise `IntakeError` rather than guess."""
    if encoding is not None:
        return _decode_as(data, file=file, encoding=encoding)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, file=file, encoding=codec)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        raise _undecodable(data, file) from None
    _confirm_korean(data, file)
    return DecodedText(text, "cp949")


def _decode_as(data: bytes, *, file: str, encoding: str) -> DecodedText:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise IntakeError(
            f"{file}: --encoding {encoding!r} is not an encoding Python knows; "
            "use for example --encoding utf-8 or --encoding cp949.",
            message_ko=f"{file}: --encoding {encoding!r}은(는) 알 수 없는 인코딩입니다. "
            "예: --encoding utf-8 또는 --encoding cp949.",
            file=file,
        ) from None
    if codec == "utf-8" and data.startswith(codecs.BOM_UTF8):
        codec = "utf-8-sig"
    try:
        return DecodedText(data.decode(codec), codec)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise IntakeError(
            f"{file}: line {line} is not valid {codec}. Check the file's encoding and pass the "
            "right one with --encoding (for Korean Excel CSV: --encoding cp949).",
            message_ko=f"{file}: {line}번째 줄이 {codec} 인코딩이 아닙니다. 파일의 인코딩을 확인하고 "
            "--encoding 옵션으로 지정하세요 (한국어 엑셀 CSV: --encoding cp949).",
            file=file,
        ) from None


def _sample(data: bytes) -> bytes:
    # Cut at a line break: 0x0A is never a CP949/GBK trail byte, so no character is split.
    if len(data) <= _SNIFF_BYTES:
        return data
    cut = data.rfind(b"\n", 0, _SNIFF_BYTES)
    return data[: cut + 1] if cut > 0 else data[:_SNIFF_BYTES]


def _best_guess(data: bytes) -> str | None:
    best = from_bytes(_sample(data)).best()
    return None if best is None else best.encoding


def _confirm_korean(data: bytes, file: str) -> None:
    guess = _best_guess(data)
    if guess is None or guess in KOREAN_CODECS:
        return
    raise IntakeError(
        f"{file}: the encoding is ambiguous: it decodes as cp949 (Korean Excel) but looks more "
        f"like {guess}. Run again with --encoding cp949 or --encoding {guess}, whichever is right, "
        "or save the file as 'CSV UTF-8'.",
        message_ko=f"{file}: 인코딩이 불분명합니다. cp949(한국어 엑셀)로 읽을 수 있지만 {guess}에 더 "
        f"가깝습니다. --encoding cp949 또는 --encoding {guess} 중 맞는 것을 지정하거나 "
        "'CSV UTF-8' 형식으로 다시 저장하세요.",
        file=file,
    )


def _undecodable(data: bytes, file: str) -> IntakeError:
    guess = _best_guess(data)
    hint_en = f"It may be {guess}: if so, run again with --encoding {guess}." if guess else ""
    hint_ko = (
        f"{guess} 인코딩일 수 있습니다. 그렇다면 --encoding {guess} 옵션으로 다시 실행하세요."
        if guess
        else ""
    )
    return IntakeError(
        f"{file}: the file is neither UTF-8 nor CP949 (Korean Excel). {hint_en} "
        "Otherwise pass its encoding with --encoding, or save it as 'CSV UTF-8'.".replace("  ", " "),
        message_ko=f"{file}: UTF-8도 CP949(한국어 엑셀)도 아닙니다. {hint_ko} "
        "아니면 --encoding 옵션으로 인코딩을 지정하거나 'CSV UTF-8' 형식으로 다시 저장하세요.".replace(
            "  ", " "
        ),
        file=file,
    )
