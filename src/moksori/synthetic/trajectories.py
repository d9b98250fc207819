"""Trajectories as a small state machine: crossing, sale, exploitation, exit, transit, arrival in South Korea.

Shares and transitions are set in :class:`TrajectoryOptions`. The default split of the sex trade (about 60% of
women, of whom roughly 50% forced sex work, 30% forced marriage, 15% cybersex) follows the orders of magnitude
reported by the Korea Future Initiative, "Sex Slaves" (2019); the data generated are invented all the same.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from moksori.synthetic.actors import REGIONS, ActorPool
from moksori.synthetic.model import DemoAct

SEX_TRADE_TYPES = ("exp_forced_prostitution", "exp_forced_marriage", "exp_cybersex")


@dataclass(frozen=True, slots=True)
class TrajectoryOptions:
    """Probabilities and periods of the trajectory model; the defaults are the documented demo settings."""

    sex_trade_share: float = 0.60
    sex_trade_split: tuple[float, float, float] = (0.50, 0.30, 0.15)  # order of SEX_TRADE_TYPES, normalised
    forced_labour_share_of_rest: float = 0.35
    recruitment_probability: float = 0.5
    broker_at_crossing_probability: float = 0.7
    resale_probability: float = 0.3
    arrest_probability: float = 0.35
    retrafficked_after_return_probability: float = 0.4
    # Survivors report local police taking a cut of, or arranging, sales in the Yanbian border area.
    police_in_yanbian_sale_probability: float = 0.4
    first_year: int = 1998
    last_year: int = 2023


@dataclass(frozen=True, slots=True)
class Step:
    """An event before its date is stated: ``day`` is a proleptic ordinal; ``detail`` feeds the transcript."""

    type: str
    day: int
    place_id: str
    acts: tuple[DemoAct, ...] = ()
    detail: str = ""


# Where each border region's crossings happen and where its brokers hold women.
_CROSSINGS = {
    "tumen": ("cn_jl_helong", "cn_jl_longjing", "cn_jl_tumen", "cn_jl_hunchun"),
    "yalu_upper": ("cn_jl_changbai", "cn_jl_changbai", "cn_jl_linjiang", "cn_jl_jian"),
    "yalu_lower": ("cn_ln_dandong", "cn_ln_kuandian"),
}
_HOLDING = {"tumen": "cn_jl_yanji", "yalu_upper": "cn_jl_baishan", "yalu_lower": "cn_ln_dandong"}
_REGION_OF_PROVINCE = {"kp_09": "tumen", "kp_13": "tumen", "kp_10": "yalu_upper", "kp_04": "yalu_upper"}
_HOME_TOWNS = {
    "kp_09": ("kp_09_chongjin", "kp_09_musan", "kp_09_hoeryong", "kp_09_onsong"),
    "kp_10": ("kp_10_hyesan", "kp_10_hyesan", "kp_10_samjiyon"),
    "kp_04": ("kp_04_kanggye", "kp_04_manpo", "kp_04_chunggang"),
    "kp_03": ("kp_03_sinuiju",),
    "kp_08": ("kp_08_hamhung",),
}
_DESTINATIONS = {
    "exp_forced_marriage": (
        "cn_hl_jixi",
        "cn_hl_mudanjiang",
        "cn_hl_harbin",
        "cn_jl_wangqing",
        "cn_jl_antu",
        "cn_jl_dunhua",
        "cn_sd",
        "cn_ln",
        "cn_jl_jilin",
        "cn_hl",
    ),
    "exp_forced_prostitution": (
        "cn_jl_yanji",
        "cn_ln_shenyang",
        "cn_ln_dalian",
        "cn_sd_qingdao",
        "cn_sd_yantai",
        "cn_bj",
        "cn_tj",
        "cn_jl_changchun",
        "cn_hl_harbin",
    ),
    "exp_cybersex": ("cn_ln_shenyang", "cn_jl_yanji", "cn_ln_dalian", "cn_sd_qingdao", "cn_sd_weihai"),
    "exp_forced_labour": ("cn_ln_shenyang", "cn_ln_dandong", "cn_jl_yanji", "cn_sd_qingdao", "cn_bj"),
    "hiding": ("cn_jl_yanji", "cn_jl_longjing", "cn_jl_helong", "cn_ln_shenyang", "cn_jl_tumen"),
}
_VENUES = {
    "exp_forced_prostitution": ("venue_karaoke", "venue_massage", "venue_brothel", "venue_sauna"),
    "exp_cybersex": ("venue_webcam_flat",),
    "exp_forced_labour": ("venue_bar_restaurant",),
}
_OWNER_ROLE = {
    "exp_forced_prostitution": "act_brothel_owner",
    "exp_cybersex": "act_cybersex_operator",
    "exp_forced_labour": "act_brothel_owner",
}
_STAY_DAYS = {
    "exp_forced_marriage": (300, 2600),
    "exp_forced_prostitution": (90, 900),
    "exp_cybersex": (90, 700),
    "exp_forced_labour": (60, 600),
    "hiding": (60, 1200),
}
_PRICE_FACTOR = {"exp_forced_marriage": 1.0, "exp_forced_prostitution": 0.8, "exp_cybersex": 1.1}
# Exit routes: (departure places, transit places, place of surrender or protection, earliest year used)
_ROUTES = (
    (("cn_yn_kunming", "cn_yn_mengla"), ("la", "th_57"), "th_10", 2003),
    (("cn_gx_pingxiang", "cn_gx_dongxing"), ("vn_hn", "la_vt"), "th_10", 2004),
    (("cn_nm_erenhot",), ("mn",), "mn_1", 1998),
)
_REPATRIATION = {"cn_jl_tumen": "kp_09_namyang", "cn_ln_dandong": "kp_03_sinuiju"}
_DPRK_FACILITIES = ("det_jipkyulso", "det_rodong_dallyeondae", "det_rodong_dallyeondae", "det_kyohwaso")


class TrajectoryBuilder:
    """Builds the steps of one survivor's trajectory; dates are relative until :func:`place_in_period`."""

    __slots__ = ("_actors", "_children", "_day", "_home", "_options", "_region", "_rng", "_steps", "label")

    def __init__(
        self, rng: random.Random, actors: ActorPool, options: TrajectoryOptions, home: str, label: str
    ) -> None:
        self._rng, self._actors, self._options, self._home = rng, actors, options, home
        self._region = _REGION_OF_PROVINCE.get(home) or (
            "yalu_lower" if home == "kp_03" else _any_region(rng)
        )
        self._steps: list[Step] = []
        self._day = _start_day(rng, options)
        self._children = 0
        self.label = label

    @property
    def children(self) -> int:
        """Children born in China so far."""
        return self._children

    def build(self) -> tuple[str, list[Step]]:
        """Run the state machine; returns (path, steps) with path the exploitation code or 'hiding'."""
        path = self._choose_path()
        self._leave_dprk()
        if path in SEX_TRADE_TYPES:
            self._trafficked(path)
        else:
            self._stay(path, self._rng.choice(_DESTINATIONS[path]), acts=self._work_acts(path))
        if self._rng.random() < self._options.arrest_probability:
            self._arrest_and_return()
            self._add("evt_recrossing", 20, 400, self._rng.choice(_CROSSINGS[self._region]))
            # Women sold before are the ones brokers find again; keeping the path keeps the configured shares.
            if (
                path in SEX_TRADE_TYPES
                and self._rng.random() < self._options.retrafficked_after_return_probability
            ):
                self._trafficked(path)
        self._escape()
        self._leave_china()
        return path, self._steps

    def _choose_path(self) -> str:
        rng, options = self._rng, self._options
        if rng.random() < options.sex_trade_share:
            return rng.choices(SEX_TRADE_TYPES, weights=options.sex_trade_split)[0]
        return "exp_forced_labour" if rng.random() < options.forced_labour_share_of_rest else "hiding"

    def _leave_dprk(self) -> None:
        rng, home = self._rng, self._home
        town = rng.choice(_HOME_TOWNS.get(home, (home,)))
        if rng.random() < self._options.recruitment_probability:
            recruiter = self._actors.shared("act_recruiter_dprk", self._region, rng)
            act = DemoAct("pal_act_recruitment", None, None, ((recruiter, "act_recruiter_dprk"),), "palermo")
            self._add("evt_recruitment", 0, 0, town, (act,))
        self._add("evt_border_crossing", 3, 60, rng.choice(_CROSSINGS[self._region]), self._crossing_acts())

    def _crossing_acts(self) -> tuple[DemoAct, ...]:
        rng = self._rng
        if rng.random() >= self._options.broker_at_crossing_probability:
            return ()
        guide = self._actors.shared("act_border_smuggler", self._region, rng)
        fee = _round(rng.uniform(300, 3000), 100) if rng.random() < 0.4 else None
        return (DemoAct("crossing_fee", fee, "CNY" if fee else None, ((guide, "act_border_smuggler"),)),)

    def _trafficked(self, exploitation: str) -> None:
        rng, actors = self._rng, self._actors
        broker = actors.shared("act_broker", self._region, rng)
        if rng.random() < 0.5:
            other = actors.shared("act_broker", self._region, rng)
            if other == broker:  # a hand-over needs two people; take the next broker of the pool
                other = actors.shared("act_broker", _next_region(self._region), rng)
            acts = [
                DemoAct(
                    "pal_act_transfer", None, None, ((broker, "act_broker"), (other, "act_broker")), "palermo"
                )
            ]
            if rng.random() < 0.15:
                acts.append(DemoAct("exp_sexual_violence_in_transit", None, None, ((broker, "act_broker"),)))
            self._add("evt_handover", 1, 10, _HOLDING[self._region], tuple(acts))
            broker = other
        place = rng.choice(_DESTINATIONS[exploitation])
        buyer, role = self._buyer(exploitation)
        self._add("evt_sale", 2, 30, place, self._sale_acts(broker, buyer, role, exploitation, "evt_sale"))
        self._exploited(exploitation, place, buyer, role)
        if rng.random() < self._options.resale_probability:
            next_buyer, next_role = self._buyer(exploitation)
            place = rng.choice(_DESTINATIONS[exploitation])
            self._add(
                "evt_resale",
                0,
                0,
                place,
                self._sale_acts(buyer, next_buyer, next_role, exploitation, "evt_resale"),
            )
            self._exploited(exploitation, place, next_buyer, next_role)

    def _buyer(self, exploitation: str) -> tuple[str, str]:
        if exploitation == "exp_forced_marriage":
            return self._actors.individual(
                "act_buyer_husband", f"Buyer (husband) in {self.label}", self._rng
            ), ("act_buyer_husband")
        role = _OWNER_ROLE[exploitation]
        return self._actors.shared(role, self._region, self._rng), role

    def _sale_acts(
        self, seller: str, buyer: str, role: str, exploitation: str, event: str
    ) -> tuple[DemoAct, ...]:
        rng = self._rng
        year = date.fromordinal(self._day).year
        price = _sale_price(rng, year, exploitation) if rng.random() < 0.8 else None
        seller_role = "act_broker" if event == "evt_sale" else _seller_role(role)
        transfer = DemoAct(
            "pal_act_transfer", price, "CNY" if price else None, ((seller, seller_role),), "palermo"
        )
        receipt = DemoAct("pal_act_receipt", None, None, ((buyer, role),), "palermo")
        return transfer, receipt

    def _exploited(self, exploitation: str, place: str, buyer: str, role: str) -> None:
        rng = self._rng
        control = [DemoAct(exploitation, None, None, ((buyer, role),))]
        if rng.random() < 0.5:
            control.append(DemoAct("ilo_fl_03", None, None, ((buyer, role),), "ilo"))
        if rng.random() < 0.25:
            control.append(DemoAct("SexualAbuse", None, None, ((buyer, role),), "htcds"))
        if exploitation == "exp_forced_marriage":
            if rng.random() < 0.4:
                family = self._actors.individual("act_buyer_family", f"Buyer's family in {self.label}", rng)
                control.append(DemoAct("exp_domestic_servitude", None, None, ((family, "act_buyer_family"),)))
            self._add("evt_cohabitation_start", 0, 3, place, tuple(control))
            self._children_born(place, buyer)
            self._day += rng.randint(*_STAY_DAYS[exploitation]) // 2
        else:
            venue = rng.choice(_VENUES[exploitation])
            self._add("evt_exploitation_start", 0, 5, place, tuple(control), detail=venue)
            self._day += rng.randint(*_STAY_DAYS[exploitation])

    def _children_born(self, place: str, husband: str) -> None:
        rng = self._rng
        if rng.random() >= 0.55:
            return
        coercion = (DemoAct("exp_reproductive_coercion", None, None, ((husband, "act_buyer_husband"),)),)
        self._add("evt_pregnancy", 90, 700, place, coercion if rng.random() < 0.3 else ())
        for number in range(1, 1 + rng.choices((1, 2, 3), weights=(0.65, 0.28, 0.07))[0]):
            if number > 1:
                self._day += rng.randint(400, 1000)
            self._children += 1
            self._add("evt_child_birth_china", 200, 280, place, detail=str(self._children))

    def _stay(self, path: str, place: str, acts: tuple[DemoAct, ...]) -> None:
        if path == "hiding":
            self._day += self._rng.randint(*_STAY_DAYS[path])
            return
        self._add("evt_exploitation_start", 5, 120, place, acts, detail=_VENUES[path][0])
        self._day += self._rng.randint(*_STAY_DAYS[path])

    def _work_acts(self, path: str) -> tuple[DemoAct, ...]:
        if path == "hiding":
            return ()
        owner = self._actors.shared(_OWNER_ROLE[path], self._region, self._rng)
        return (DemoAct(path, None, None, ((owner, _OWNER_ROLE[path]),)),)

    def _arrest_and_return(self) -> None:
        rng, actors = self._rng, self._actors
        place = self._last_place_in_china()
        police = actors.at_place("act_police_china", place, f"Public security post ({place})", rng)
        self._add(
            "evt_arrest_china",
            0,
            0,
            place,
            (DemoAct("law_cn_322", None, None, ((police, "act_police_china"),)),),
        )
        centre = "cn_jl_tumen" if self._region != "yalu_lower" else "cn_ln_dandong"
        guards = actors.at_place("act_border_guard_china", centre, f"Border detention centre ({centre})", rng)
        held = (DemoAct("ls_detained_immigration", None, None, ((guards, "act_border_guard_china"),)),)
        self._add("evt_detention_china", 1, 20, centre, held)
        if self._children and rng.random() < 0.8:
            self._add("evt_separation_from_child", 0, 0, centre)
        border = _REPATRIATION[centre]
        security = actors.at_place("act_security_dprk", border, f"State security office ({border})", rng)
        returned = (DemoAct("law_kp_illegal_crossing", None, None, ((security, "act_security_dprk"),)),)
        self._add("evt_repatriation", 10, 60, border, returned)
        self._add(
            "evt_interrogation_dprk",
            0,
            5,
            border,
            (DemoAct("det_kuryujang", None, None, ((security, "act_security_dprk"),)),),
        )
        facility = rng.choice(_DPRK_FACILITIES)
        self._add(
            "evt_detention_dprk",
            10,
            60,
            self._home,
            (DemoAct(facility, None, None, ((security, "act_security_dprk"),)),),
            detail=facility,
        )
        bribe = _round(rng.uniform(500, 3000), 100) if rng.random() < 0.4 else None
        release = (DemoAct("bribe", bribe, "CNY", ((security, "act_security_dprk"),)),) if bribe else ()
        self._add("evt_release_dprk", 60, 400, self._home, release)

    def _escape(self) -> None:
        rng = self._rng
        place = self._last_place_in_china()
        if rng.random() < 0.3:
            helper = self._actors.shared("act_escape_guide", self._region, rng)
            self._add(
                "evt_rescue",
                0,
                0,
                place,
                (DemoAct("escape_fee", None, None, ((helper, "act_escape_guide"),)),),
            )
        else:
            self._add("evt_escape", 0, 0, place)
        if self._children and not any(s.type == "evt_separation_from_child" for s in self._steps):
            self._add("evt_separation_from_child", 0, 0, place)

    def _leave_china(self) -> None:
        rng = self._rng
        departures, transits, surrender, _ = self._route()
        guide = self._actors.shared("act_escape_guide", self._region, rng)
        fee, currency = _escape_fee(rng, date.fromordinal(self._day).year)
        self._add(
            "evt_departure_china",
            30,
            500,
            rng.choice(departures),
            (DemoAct("escape_fee", fee, currency, ((guide, "act_escape_guide"),)),),
        )
        for transit in transits:
            self._add("evt_transit_third_country", 2, 15, transit)
        self._add("evt_arrest_third_country", 1, 10, surrender)
        self._add("evt_arrival_south_korea", 30, 150, "kr_11")
        if rng.random() < 0.3:
            self._add("evt_protection_screening_rok", 0, 2, "kr_11")
        if rng.random() < 0.3:
            self._add("evt_settlement_training_rok", 60, 110, "kr_11")

    def _route(self) -> tuple[tuple[str, ...], tuple[str, ...], str, int]:
        # The Mongolian route was used more in the early years, the south-east Asian ones later.
        early = date.fromordinal(self._day).year < 2004
        weights = (0.45, 0.25, 0.30) if early else (0.6, 0.3, 0.1)
        return self._rng.choices(_ROUTES, weights=weights)[0]

    def _last_place_in_china(self) -> str:
        for step in reversed(self._steps):
            if step.place_id.startswith("cn"):
                return step.place_id
        return _HOLDING[self._region]

    def _add(
        self,
        event: str,
        min_gap: int,
        max_gap: int,
        place: str,
        acts: tuple[DemoAct, ...] = (),
        detail: str = "",
    ) -> None:
        self._day += self._rng.randint(min_gap, max_gap) + (1 if self._steps else 0)
        self._steps.append(Step(event, self._day, place, acts, detail))


def place_in_period(steps: list[Step], options: TrajectoryOptions) -> list[Step]:
    """Keep a trajectory inside [first_year, last_year]: shift it back; compress only if it is too long."""
    first = date(options.first_year, 1, 1).toordinal()
    last = date(options.last_year, 12, 31).toordinal()
    overflow = steps[-1].day - last
    if overflow <= 0:
        return steps
    start = steps[0].day - overflow
    if start >= first:
        return [_moved(s, s.day - overflow) for s in steps]
    scale = (last - first) / (steps[-1].day - steps[0].day)
    return [_moved(s, first + int((s.day - steps[0].day) * scale)) for s in steps]


def _start_day(rng: random.Random, options: TrajectoryOptions) -> int:
    """Day of the first event; earlier years are more common among arrivals, so the draw is skewed."""
    first = date(options.first_year, 1, 1).toordinal()
    room = date(options.last_year - 4, 12, 31).toordinal() - first
    return first + int(rng.triangular(0, room, room * 0.3))


def _moved(step: Step, day: int) -> Step:
    return Step(step.type, day, step.place_id, step.acts, step.detail)


def _next_region(region: str) -> str:
    return REGIONS[(REGIONS.index(region) + 1) % len(REGIONS)]


def _any_region(rng: random.Random) -> str:
    return rng.choices(("tumen", "yalu_upper", "yalu_lower"), weights=(0.6, 0.25, 0.15))[0]


def _seller_role(buyer_role: str) -> str:
    return (
        "act_brothel_owner"
        if buyer_role in ("act_brothel_owner", "act_cybersex_operator")
        else "act_buyer_husband"
    )


def _round(value: float, unit: int) -> int:
    return max(unit, round(value / unit) * unit)


def _sale_price(rng: random.Random, year: int, exploitation: str) -> int:
    """CNY 1,000-30,000, rising with the period (brides sold for a few thousand yuan around 2000)."""
    base = 1500 + max(0, year - 1998) * 900
    amount = base * rng.uniform(0.6, 1.3) * _PRICE_FACTOR.get(exploitation, 1.0)
    return min(30000, max(1000, _round(amount, 500)))


def _escape_fee(rng: random.Random, year: int) -> tuple[int | None, str | None]:
    if rng.random() < 0.3:
        return None, None
    if rng.random() < 0.25:
        return _round(rng.uniform(2_000_000, 6_000_000), 100_000), "KRW"
    return _round(1000 + max(0, year - 1998) * 500 * rng.uniform(0.6, 1.4), 500), "CNY"
