"""The report's fixed words in English and Korean; the title is always in both."""

from __future__ import annotations

from typing import Literal

Language = Literal["en", "ko"]
LANGUAGES: tuple[Language, ...] = ("en", "ko")

TITLE = "Moksori findings report · 목소리 조사 결과 보고서"

LABELS: dict[Language, dict[str, str]] = {
    "en": {
        "findings": "Findings",
        "simulations": "Derived quantities (Monte Carlo)",
        "methods": "Methods",
        "reproduce": "Reproduce",
        "claim": "Claim",
        "fingerprint": "Data fingerprint",
        "report_fingerprint": "Report fingerprint",
        "code_version": "Code version",
        "caveats": "Caveats",
        "category": "Category",
        "count": "Count",
        "share": "Share",
        "interval": "95% interval",
        "group": "Group",
        "median": "Median",
        "suppressed": "suppressed",
        "threshold": "Disclosure threshold",
        "generated": "Generated",
        "survivors_in_store": "Survivors in the store",
        "excluded_without_consent": "Left out (no consent to aggregate statistics)",
        "merged_duplicates": "Testimonies merged as the same survivor",
        "no_findings": "No claim could be reported.",
        "inputs": "Inputs and their sources",
        "input": "Input",
        "source": "Source",
        "swing": "Output at the input's 5th to 95th percentile",
        "fewer_than": "fewer than",
        "other": "other",
        "all": "all",
        "unknown_year": "unknown year",
        "unit_survivor": "survivors",
        "unit_event": "events",
        "tornado_title": "{model}: what drives the uncertainty",
        "input_low": "input at its 5th percentile",
        "input_high": "input at its 95th percentile",
    },
    "ko": {
        "findings": "조사 결과",
        "simulations": "파생 수치 (몬테카를로)",
        "methods": "방법",
        "reproduce": "재현 명령",
        "claim": "주장",
        "fingerprint": "데이터 지문",
        "report_fingerprint": "보고서 지문",
        "code_version": "코드 버전",
        "caveats": "유의 사항",
        "category": "범주",
        "count": "수",
        "share": "비율",
        "interval": "95% 구간",
        "group": "집단",
        "median": "중앙값",
        "suppressed": "비공개",
        "threshold": "공개 기준",
        "generated": "작성일",
        "survivors_in_store": "저장소의 생존자 수",
        "excluded_without_consent": "제외 (집계 통계 동의 없음)",
        "merged_duplicates": "같은 생존자로 병합된 증언",
        "no_findings": "보고할 수 있는 주장이 없습니다.",
        "inputs": "입력값과 출처",
        "input": "입력값",
        "source": "출처",
        "swing": "입력값 5~95 백분위에서의 결과",
        "fewer_than": "미만",
        "other": "기타",
        "all": "전체",
        "unknown_year": "연도 미상",
        "unit_survivor": "생존자",
        "unit_event": "사건",
        "tornado_title": "{model}: 불확실성을 좌우하는 입력값",
        "input_low": "입력값이 5 백분위일 때",
        "input_high": "입력값이 95 백분위일 때",
    },
}

METHODS: dict[Language, tuple[str, ...]] = {
    "en": (
        "Each finding is a claim: a named, versioned query over coded testimonies. Its numbers are "
        "reproduced by the command shown with it; the fingerprint covers the data, the claim version "
        "and the code version, so the same inputs give the same result.",
        "Shares carry 95% Wilson intervals; splits carry simultaneous 95% Sison–Glaz intervals; "
        "medians carry distribution-free intervals from order statistics.",
        "Only survivors whose consent to aggregate statistics is in force are counted (the latest answer "
        "decides). If one record of a survivor lacks that consent, all her records are left out.",
        "A survivor interviewed by more than one organisation is counted once: testimonies are "
        "de-duplicated by the clusters of the latest record-linkage run.",
        "Disclosure control: every count under the threshold is suppressed, and further counts are "
        "suppressed where totals would otherwise let a suppressed one be recovered. A share is shown "
        "only when its count may be shown. This report contains no quotations.",
        "The survivors were reached by convenience (those who escaped and chose to testify). "
        "A convenience sample does not estimate a population share: the shares describe these "
        "testimonies, not all women trafficked.",
    ),
    "ko": (
        "각 결과는 주장입니다: 코딩된 증언에 대한 이름과 버전이 있는 질의입니다. 함께 표시된 명령으로 "
        "수치를 재현할 수 있고, 지문은 데이터와 주장 버전, 코드 버전을 포함하므로 같은 입력은 같은 "
        "결과를 냅니다.",
        "비율에는 95% Wilson 구간, 범주 분할에는 동시 95% Sison–Glaz 구간, 중앙값에는 순서통계량에 "
        "의한 분포무관 구간을 씁니다.",
        "집계 통계에 대한 동의가 유효한 생존자만 셉니다 (가장 최근 응답 기준). 한 기록이라도 동의가 "
        "없으면 그 생존자의 모든 기록을 제외합니다.",
        "여러 기관에서 면담한 생존자는 한 번만 셉니다: 최근 기록 연결 결과의 군집으로 중복을 제거합니다.",
        "공개 통제: 기준 미만의 수는 모두 비공개로 하고, 합계로 비공개 수를 역산할 수 있는 경우 다른 수도 "
        "비공개로 합니다. 수가 공개될 때만 비율을 보입니다. 이 보고서에는 인용문이 없습니다.",
        "생존자는 편의 표집으로 만났습니다 (탈출하여 증언하기로 한 사람들). 편의 표본은 모집단 비율을 "
        "추정하지 않습니다: 비율은 이 증언들을 설명할 뿐, 인신매매된 모든 여성을 설명하지 않습니다.",
    ),
}

# One sentence per caveat form of moksori.reports.caveat_forms, filled with the form's parameters
# (`unit` by its unit label, `organisations` and `interviewers` by COUNTED_NOUNS). The Korean is the
# web's msgstr for the same sentence (web/locale/ko/LC_MESSAGES/django.po): both say the same thing.
CAVEATS: dict[Language, dict[str, str]] = {
    "en": {
        "deduplicated": "n = {n} {unit} from {survivors} survivors after de-duplication by linkage cluster",
        "sources": "{organisations} and {interviewers}",
        "dated": "events dated {first} to {last}",
        "undated": "no dated events",
        "reached": "survivors reached through: {ways}",
        "reach_unknown": "how survivors were reached is not recorded",
        "convenience": "survivors were reached by convenience (those who escaped and chose to testify): "
        "a convenience sample does not estimate a population share",
        "small_n": "small n ({n} < {limit}): the interval is wide and the share can move a lot",
        "events_dependent": "events of one survivor are not independent; "
        "the interval treats them as if they were",
    },
    "ko": {
        "deduplicated": "n = {n} ({unit}), 연계 클러스터로 중복을 제거한 뒤 생존자 {survivors}명",
        "sources": "{organisations}, {interviewers}",
        "dated": "사건 시기 {first}년부터 {last}년까지",
        "undated": "날짜가 기록된 사건 없음",
        "reached": "생존자를 만난 경로: {ways}",
        "reach_unknown": "생존자를 어떤 경로로 만났는지 기록되지 않음",
        "convenience": "생존자는 편의 표본입니다(탈출하여 증언하기로 한 사람들). "
        "편의 표본으로는 모집단의 비율을 추정할 수 없습니다",
        "small_n": "작은 n ({n} < {limit}): 구간이 넓고 비율이 크게 달라질 수 있습니다",
        "events_dependent": "한 생존자의 사건들은 서로 독립적이지 않지만 구간은 독립적인 것처럼 계산합니다",
    },
}

# Caveat parameters that are counts of a noun: (singular, plural) with `{count}`. Korean has one form.
COUNTED_NOUNS: dict[Language, dict[str, tuple[str, str]]] = {
    "en": {
        "organisations": ("{count} organisation", "{count} organisations"),
        "interviewers": ("{count} interviewer", "{count} interviewers"),
    },
    "ko": {
        "organisations": ("단체 {count}곳", "단체 {count}곳"),
        "interviewers": ("면담자 {count}명", "면담자 {count}명"),
    },
}
