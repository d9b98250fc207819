"""The same actor across testimonies: aliases and spellings ('Broker Kim', '김 브로커', 'Kim Chol' / '김철').

Each organisation codes its own actors, so one broker is several actor rows. Rows are merged when they share
an identifying key and a compatible role:

* a full name, keyed phonetically: the surname through the surname table (김/Kim/Gim and 리/이/Lee/Yi
  agree), the given name through the romanization-insensitive key of linkage;
* a nickname of surname + role word ('김사장', 'Boss Kim'; 'Broker Kim', '김 브로커'),
* optionally the working label, when organisations share a labelling convention (`match_labels`).

Descriptive aliases without a surname ('조선족 브로커', '연길 아줌마') and bare surnames ('김씨', 'Mr Kim')
identify no one and are not used. A key carried by two differently labelled actors of one compartment is
ambiguous (the coders knew them as different people) and is not used either; with `match_labels`, labels
are trusted everywhere, so two different labels carrying a key anywhere make it ambiguous.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from moksori.analysis.corroboration.model import ActorRecord
from moksori.analysis.linkage.names import SurnameTable, given_name_key, parse_hangul_name

# Role words in nicknames, mapped to a class; '' marks words that carry no role (씨 = Mr/Ms).
ROLE_WORDS = {
    "브로커": "broker",
    "broker": "broker",
    "사장": "boss",
    "사장님": "boss",
    "boss": "boss",
    "사모": "boss_wife",
    "아줌마": "aunt",
    "auntie": "aunt",
    "aunt": "aunt",
    "삼촌": "uncle",
    "uncle": "uncle",
    "아저씨": "mister",
    "반장": "chief",
    "chief": "chief",
    "씨": "",
    "mr": "",
    "mrs": "",
    "ms": "",
    "miss": "",
}
_HANGUL_SUFFIXES = sorted((w for w in ROLE_WORDS if re.fullmatch(r"[가-힣]+", w)), key=len, reverse=True)
_TOKEN = re.compile(r"[\w'’-]+")


@dataclass(frozen=True, slots=True)
class ResolutionSettings:
    """How actors are merged; the defaults suit organisations that share working labels (and the demo)."""

    match_labels: bool = True
    require_same_role: bool = True


def alias_key(text: str) -> str | None:
    """An identifying key for a name or nickname; None when it identifies no one (a description, a surname).

    'Kim Chol', 'Chol Kim' and '김철' give 'name:kim:jol'; 'Broker Kim' and '김 브로커' give
    'nick:kim:broker'.
    """
    table = SurnameTable.default()
    tokens = _split_role_suffixes(_TOKEN.findall(text.casefold()))
    roles = [ROLE_WORDS[t] for t in tokens if t in ROLE_WORDS]
    words = [t for t in tokens if t not in ROLE_WORDS]
    if not words:
        return None
    if len(words) == 1 and len(words[0]) >= 2 and re.fullmatch(r"[가-힣]{2,4}", words[0]) and not roles:
        return _hangul_full_name_key(words[0])
    surname_at = next((i for i, w in enumerate(words) if _is_surname(w, table)), None)
    if surname_at is None:
        return None
    surname = table.key(words[surname_at])
    given = [w for i, w in enumerate(words) if i != surname_at]
    if given:
        return f"name:{surname}:{given_name_key(''.join(given))}"
    role = next((r for r in roles if r), "")
    return f"nick:{surname}:{role}" if role else None


def _split_role_suffixes(tokens: Iterable[str]) -> list[str]:
    # '김사장' is surname + role word written together.
    out: list[str] = []
    for token in tokens:
        for suffix in _HANGUL_SUFFIXES:
            if token.endswith(suffix) and len(token) > len(suffix):
                out += [token[: -len(suffix)], suffix]
                break
        else:
            out.append(token)
    return out


def _is_surname(word: str, table: SurnameTable) -> bool:
    return bool(table.for_hangul(word) or table.for_latin(word) or table.for_hanzi(word))


def _hangul_full_name_key(word: str) -> str | None:
    parsed = parse_hangul_name(word)
    if not parsed.surname or not parsed.given:
        return None
    return f"name:{SurnameTable.default().key(parsed.surname)}:{given_name_key(parsed.given)}"


@dataclass(frozen=True, slots=True)
class ResolvedActor:
    """One person or institution behind one or more actor rows. `label` is the commonest working label."""

    id: str
    label: str
    role: str | None
    members: tuple[str, ...]
    compartments: tuple[str, ...]
    keys_used: int  # how many identifying keys tie the rows together (0 for a single row)


@dataclass(frozen=True, slots=True)
class ActorResolution:
    """Actor rows grouped into resolved actors, with the look-up from row id to resolved id."""

    actors: tuple[ResolvedActor, ...]
    entity_of: dict[str, str]
    ambiguous_keys: int

    def resolved(self, actor_id: str) -> str:
        """The resolved actor of a row (the row itself when it was never seen)."""
        return self.entity_of.get(actor_id, actor_id)

    def by_id(self) -> dict[str, ResolvedActor]:
        return {a.id: a for a in self.actors}

    def summary(self) -> str:
        merged = sum(1 for a in self.actors if len(a.members) > 1)
        return (
            f"{len(self.entity_of)} actor rows resolved to {len(self.actors)} actors "
            f"({merged} seen in more than one row; {self.ambiguous_keys} ambiguous keys not used)"
        )


def resolve_actors(
    actors: Sequence[ActorRecord], settings: ResolutionSettings | None = None
) -> ActorResolution:
    """Group actor rows that are the same person or institution (union of rows sharing a usable key)."""
    settings = settings or ResolutionSettings()
    keys_of = {a.id: _keys(a, settings) for a in actors}
    ambiguous = _ambiguous_keys(actors, keys_of, settings)
    parent = {a.id: a.id for a in actors}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    holders: dict[str, list[str]] = defaultdict(list)
    for actor in actors:
        for key in keys_of[actor.id] - ambiguous:
            holders[key].append(actor.id)
    links = Counter[str]()
    for key, ids in holders.items():
        for other in ids[1:]:
            a, b = find(ids[0]), find(other)
            if a != b:
                parent[b] = a
                links[key] += 1
    groups: dict[str, list[ActorRecord]] = defaultdict(list)
    for actor in actors:
        groups[find(actor.id)].append(actor)
    resolved = sorted(
        (_resolved(members, keys_of, ambiguous) for members in groups.values()), key=lambda r: r.id
    )
    entity_of = {m: r.id for r in resolved for m in r.members}
    return ActorResolution(tuple(resolved), entity_of, len(ambiguous))


def _keys(actor: ActorRecord, settings: ResolutionSettings) -> frozenset[str]:
    # Keys carry the role so that a broker and a police post never merge on a shared nickname.
    role = actor.role or "" if settings.require_same_role else ""
    keys = {f"{role}|{k}" for k in (alias_key(n) for n in actor.names if n.strip()) if k}
    if settings.match_labels and actor.label.strip():
        keys.add(f"{role}|label:{' '.join(actor.label.casefold().split())}")
    return frozenset(keys)


def _ambiguous_keys(
    actors: Sequence[ActorRecord], keys_of: dict[str, frozenset[str]], settings: ResolutionSettings
) -> frozenset[str]:
    # Labels tell actors apart within a compartment; when labels are shared, they do so everywhere.
    labels: dict[tuple[str, str], set[str]] = defaultdict(set)
    for actor in actors:
        scope = "" if settings.match_labels else actor.compartment
        for key in keys_of[actor.id]:
            if not key.split("|", 1)[1].startswith("label:"):
                labels[(scope, key)].add(actor.label.casefold().strip())
    return frozenset(key for (_, key), seen in labels.items() if len(seen) > 1)


def _resolved(
    members: list[ActorRecord], keys_of: dict[str, frozenset[str]], ambiguous: frozenset[str]
) -> ResolvedActor:
    ids = tuple(sorted(m.id for m in members))
    label = Counter(m.label for m in members).most_common(1)[0][0]
    roles = Counter(m.role for m in members if m.role)
    shared = Counter(k for m in members for k in keys_of[m.id] - ambiguous)
    return ResolvedActor(
        id="actor-" + hashlib.sha256("\n".join(ids).encode()).hexdigest()[:12],
        label=label,
        role=roles.most_common(1)[0][0] if roles else None,
        members=ids,
        compartments=tuple(sorted({m.compartment for m in members})),
        keys_used=sum(1 for count in shared.values() if count > 1),
    )
