"""First-person testimony passages in Korean with aligned English, one passage per event.

Plain, sober sentences in the register of North Korean speakers, deliberately without graphic detail.
Templates are (Korean, English) pairs chosen by the seeded generator; ``{when}`` opens each sentence.
"""

from __future__ import annotations

import random
from datetime import date

from moksori.synthetic.model import DatePrecision, DemoAct
from moksori.synthetic.trajectories import Step

PlaceNames = dict[str, tuple[str, str]]  # place id -> (Korean as spoken, English)

_T = tuple[tuple[str, str], ...]
_TEMPLATES: dict[str, _T] = {
    "evt_recruitment": (
        (
            "{when} 동네에서 아는 사람이 중국에 가면 식당 일이 있다고 했습니다. 그 말을 믿었습니다.",
            "{When} someone I knew in my town told me there was restaurant work in China. I believed it.",
        ),
        (
            "{when} {place}에서 장사가 잘 안 돼서 힘들었는데, 한 여자가 중국에 가서 돈을 벌자고 했습니다.",
            "{When} trading in {place} was going badly, and a woman suggested we go to China to earn money.",
        ),
        (
            "{when} 먹을 것이 없어서 중국에 가기로 마음먹었습니다. 소개해 주는 사람이 있었습니다.",
            "{When} we had nothing to eat, so I decided to go to China. Someone offered to arrange it.",
        ),
    ),
    "evt_border_crossing": (
        (
            "{when} 밤에 강을 건너서 {place} 쪽으로 갔습니다.",
            "{When} I crossed the river at night and went towards {place}.",
        ),
        (
            "{when} 안내하는 사람을 따라 물이 얕은 곳으로 강을 건넜습니다. {place} 근처였습니다.",
            "{When} I followed a guide and crossed the river where the water was shallow, near {place}.",
        ),
    ),
    "evt_handover": (
        (
            "{when} {place}에서 다른 브로커에게 넘겨졌습니다. 며칠 동안 방에서 나가지 못했습니다.",
            "{When} I was handed over to another broker in {place}. "
            "For several days I could not leave the room.",
        ),
        (
            "{when} 처음 데려온 사람이 저를 {place}에 있는 다른 사람에게 넘겼습니다.",
            "{When} the man who had brought me passed me on to someone else in {place}.",
        ),
    ),
    "evt_sale": (
        (
            "{when} 저는 {place}에 사는 사람에게 팔렸습니다.",
            "{When} I was sold to someone living in {place}.",
        ),
        (
            "{when} 브로커가 저를 {place}에 데려가서 팔았습니다.",
            "{When} the broker took me to {place} and sold me.",
        ),
    ),
    "evt_resale": (
        (
            "{when} 그 사람이 저를 다시 {place}에 있는 사람에게 팔았습니다.",
            "{When} that man sold me again, to someone in {place}.",
        ),
    ),
    "evt_cohabitation_start": (
        (
            "{when} {place}의 시골 집에서 그 남자와 같이 살게 되었습니다. 마음대로 밖에 나갈 수 없었습니다.",
            "{When} I started living with that man in a village house in {place}. "
            "I could not go out as I wished.",
        ),
        (
            "{when} {place}에서 그 집 식구들이 저를 늘 지켜보았습니다. 농사일과 집안일을 다 했습니다.",
            "{When} in {place} the family watched me all the time. I did all the farm work and housework.",
        ),
    ),
    "evt_exploitation_start": (
        (
            "{when} {place}의 {venue}에서 일을 시켰습니다. 거절할 수 없었습니다.",
            "{When} they made me work at {venue} in {place}. I could not refuse.",
        ),
        (
            "{when} {place}에 있는 {venue}에서 지냈습니다. 번 돈은 주인이 다 가져갔습니다.",
            "{When} I was kept at {venue} in {place}. The owner took all the money.",
        ),
    ),
    "evt_pregnancy": (
        ("{when} 아이를 가졌습니다.", "{When} I became pregnant."),
        (
            "{when} 임신을 했습니다. 그 집에서는 아들을 바랐습니다.",
            "{When} I became pregnant. The family wanted a son.",
        ),
    ),
    "evt_child_birth_china": (
        ("{when} {place}에서 {nth} 아이를 낳았습니다.", "{When} I gave birth to my {nth} child in {place}."),
    ),
    "evt_separation_from_child": (
        (
            "{when} 아이를 두고 떠나야 했습니다. 지금도 아이 소식을 모릅니다.",
            "{When} I had to leave my child behind. I still have no news of the child.",
        ),
    ),
    "evt_escape": (
        (
            "{when} 사람들이 잠든 밤에 {place}에서 도망쳤습니다.",
            "{When} I ran away from {place} at night while they were asleep.",
        ),
        ("{when} 기회를 봐서 {place}에서 빠져나왔습니다.", "{When} I found a chance and got out of {place}."),
    ),
    "evt_rescue": (
        (
            "{when} 도와주는 분들을 만나 {place}에서 나올 수 있었습니다.",
            "{When} I met people who helped me, and I was able to leave {place}.",
        ),
    ),
    "evt_arrest_china": (
        (
            "{when} {place}에서 공안에 잡혔습니다. 신분증이 없었습니다.",
            "{When} I was caught by the police in {place}. I had no papers.",
        ),
    ),
    "evt_detention_china": (
        (
            "{when} {place}의 변방 구류소에 갇혔습니다.",
            "{When} I was held at the border detention centre in {place}.",
        ),
    ),
    "evt_repatriation": (
        (
            "{when} 북송되어 {place}에서 보위부에 넘겨졌습니다.",
            "{When} I was sent back to North Korea and handed to state security at {place}.",
        ),
    ),
    "evt_interrogation_dprk": (
        (
            "{when} 보위부에서 중국에서 무엇을 했는지 여러 번 조사를 받았습니다.",
            "{When} state security questioned me many times about what I had done in China.",
        ),
    ),
    "evt_detention_dprk": (
        (
            "{when} {facility}에 보내졌습니다. 일이 아주 힘들었습니다.",
            "{When} I was sent to {facility}. The work was very hard.",
        ),
    ),
    "evt_release_dprk": (("{when} 풀려났습니다.", "{When} I was released."),),
    "evt_recrossing": (
        (
            "{when} 다시 강을 건넜습니다. 이번에는 {place} 쪽으로 갔습니다.",
            "{When} I crossed the river again, this time towards {place}.",
        ),
    ),
    "evt_departure_china": (
        ("{when} 안내하는 사람과 함께 {place}에서 떠났습니다.", "{When} I left from {place} with a guide."),
    ),
    "evt_transit_third_country": (
        ("{when} 국경을 넘어 {place}에 들어갔습니다.", "{When} I crossed the border into {place}."),
        ("{when} {place}에서 며칠 동안 숨어 지냈습니다.", "{When} I hid in {place} for several days."),
    ),
    "evt_arrest_third_country": (
        ("{when} {place}에서 경찰에 자수했습니다.", "{When} I gave myself up to the police in {place}."),
    ),
    "evt_arrival_south_korea": (("{when} 한국에 도착했습니다.", "{When} I arrived in South Korea."),),
    "evt_protection_screening_rok": (
        ("{when} 국정원에서 조사를 받았습니다.", "{When} I went through the protection screening."),
    ),
    "evt_settlement_training_rok": (("{when} 하나원에 들어갔습니다.", "{When} I entered Hanawon."),),
}
# Sentences added when the event carries a price; "{price}" ends in 위안 or 원, so 을 and 이었습니다 fit.
_PRICE_SENTENCES = {
    "evt_sale": (" 브로커가 {price}을 받았다고 들었습니다.", " I heard the broker received {price}."),
    "evt_resale": (" {price}을 받았다고 했습니다.", " He said he got {price}."),
    "evt_border_crossing": (" 건너는 데 {price}을 냈습니다.", " I paid {price} for the crossing."),
    "evt_release_dprk": (" 집에서 {price}을 주고 빼냈습니다.", " My family paid {price} to get me out."),
    "evt_departure_china": (" 비용은 {price}이었습니다.", " It cost {price}."),
}
_VENUES = {
    "venue_karaoke": ("노래방", "a karaoke bar"),
    "venue_massage": ("안마방", "a massage parlour"),
    "venue_brothel": ("업소", "a brothel"),
    "venue_sauna": ("사우나", "a sauna"),
    "venue_webcam_flat": ("화상채팅을 하는 집", "a flat where they ran webcam chats"),
    "venue_bar_restaurant": ("식당", "a restaurant"),
}
_FACILITIES = {
    "det_jipkyulso": ("집결소", "the holding centre"),
    "det_rodong_dallyeondae": ("노동단련대", "a labour training camp"),
    "det_kyohwaso": ("교화소", "a re-education camp"),
}
_NTH = (("첫째", "first"), ("둘째", "second"), ("셋째", "third"), ("넷째", "fourth"))
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def passage(
    step: Step,
    precision: DatePrecision,
    start: date,
    end: date | None,
    places: PlaceNames,
    rng: random.Random,
) -> tuple[str, str]:
    """One (Korean, English) passage telling ``step``, dated as the survivor states it."""
    ko, en = rng.choice(_TEMPLATES[step.type])
    when_ko, when_en = date_phrase(precision, start, end)
    place_ko, place_en = places.get(step.place_id, (step.place_id, step.place_id))
    extra_ko, extra_en = _detail(step)
    price_ko, price_en = _price_sentence(step)
    ko = ko.format(when=when_ko, place=place_ko, venue=extra_ko, facility=extra_ko, nth=extra_ko) + price_ko
    en = en.format(When=when_en, place=place_en, venue=extra_en, facility=extra_en, nth=extra_en) + price_en
    return ko, en


def date_phrase(precision: DatePrecision, start: date, end: date | None) -> tuple[str, str]:
    """How the date is said: '2003년 4월에' / 'In April 2003,'."""
    month_ko, month_en = f"{start.year}년 {start.month}월", f"{_MONTHS[start.month - 1]} {start.year}"
    if precision == "exact":
        return f"{month_ko} {start.day}일에", f"On {start.day} {month_en},"
    if precision == "month":
        return f"{month_ko}에", f"In {month_en},"
    if precision == "year":
        return f"{start.year}년에", f"In {start.year},"
    if precision == "before":
        return f"{month_ko} 전에", f"Before {month_en},"
    if precision == "after":
        return f"{month_ko} 이후에", f"After {month_en},"
    last = end or start
    return (
        f"{month_ko}부터 {last.year}년 {last.month}월 사이에",
        f"Between {month_en} and {_MONTHS[last.month - 1]} {last.year},",
    )


def korean_amount(amount: int) -> str:
    """Amounts as Koreans say them: 12000 -> '1만 2천', 3000000 -> '300만'."""
    man, rest = divmod(amount, 10000)
    thousands, rest = divmod(rest, 1000)
    hundreds = rest // 100
    parts = [
        f"{man}만" if man else "",
        f"{thousands}천" if thousands else "",
        f"{hundreds}백" if hundreds else "",
    ]
    return " ".join(p for p in parts if p) or str(amount)


def _detail(step: Step) -> tuple[str, str]:
    if step.detail in _VENUES:
        return _VENUES[step.detail]
    if step.detail in _FACILITIES:
        return _FACILITIES[step.detail]
    if step.detail.isdigit():
        return _NTH[min(int(step.detail), len(_NTH)) - 1]
    return "", ""


def _price_sentence(step: Step) -> tuple[str, str]:
    sentence = _PRICE_SENTENCES.get(step.type)
    act = _priced_act(step.acts)
    if sentence is None or act is None or act.price_amount is None:
        return "", ""
    unit_ko, unit_en = ("위안", "yuan") if act.price_currency == "CNY" else ("원", "won")
    price_ko = f"{korean_amount(act.price_amount)} {unit_ko}"
    price_en = f"{act.price_amount:,} {unit_en}"
    return sentence[0].format(price=price_ko), sentence[1].format(price=price_en)


def _priced_act(acts: tuple[DemoAct, ...]) -> DemoAct | None:
    return next((a for a in acts if a.price_amount is not None), None)
