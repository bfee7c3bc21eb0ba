"""Generate a seeded, realistic corpus of conventions for the benchmarks.

Each file is one convention of format 1.1 between two to four parties (local
governments with names in French, English, Arabic and Tifinagh, plus associations and
funders), with four to eight thematic axes classified by sector and SDG, ten to
twenty-five actions with co-funded budgets and indicators, a steering committee with
a cadence, four to ten meetings in several IANA zones, and its source documents. As
real records do, some dates are EDTF forms other than a plain day (a season, an
uncertain day, an approximate month, an interval), some meetings are known by their
day or days only, some signatures have witnesses, some actions are funded through a
programme and have a qualified total budget, and some numbers are qualified
("about"). The number of objects of each kind is the same as in the 1.0 corpus.
At the 1x scale a YAML file weighs 10-20 KB (the same document in canonical, indented
JSON about 1.5 times that: see ``fit_size``); ``--actions-scale 10`` or ``100``
multiplies the actions (and so the size) of every document.

About one file in ten is invalid, in a realistic mix: schema errors (a value outside
an enum, a missing required field, a wrong type, a malformed date, a misspelt key),
semantic errors (an unresolved party reference, a duplicate id, dates out of order,
an unknown time zone) and a few syntax errors. Every file is written twice, as JSON
and as YAML (the same document), under::

    <out>/<label>/json/NNNNN.json
    <out>/<label>/yaml/NNNNN.yaml
    <out>/<label>/manifest.json      (what each file is, outside the validated folders)

Documents depend only on ``(seed, index, actions-scale)``, so the first 200 files of a
2,000-file corpus are the 200 files of a 200-file corpus. No hypothesis: plain
``random.Random`` so that a corpus is cheap to regenerate exactly.

    python benchmarks/generate_corpus.py --files 2000 --actions-scale 1 --seed 2026
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import json
import os
import random
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = Path(__file__).resolve().parent / "corpus"
DEFAULT_SEED = 2026
DEFAULT_FILES = 2000
INVALID_EVERY = 10  # one invalid file in each block of ten: exactly 10 %
MIN_BYTES = 10 * 1024
MAX_BYTES = 20 * 1024
#: The same documents in canonical JSON (2-space indented) are about 1.5x the YAML.
JSON_MAX_BYTES = 32 * 1024

Doc = dict[str, Any]

# -- writers ---------------------------------------------------------------------------


def _fallback_json(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _fallback_yaml(document: Any) -> str:
    return yaml.dump(
        document,
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )


@functools.lru_cache(maxsize=1)
def writers() -> tuple[Callable[[Any], str], Callable[[Any], str], str]:
    """The canonical writers of citydiplomacy when they exist, else the plain ones."""
    try:
        from citydiplomacy._io._writing import to_json, to_yaml  # noqa: PLC0415 - optional
    except ImportError:
        return _fallback_json, _fallback_yaml, "json.dumps(indent=2) / yaml.dump(CSafeDumper)"
    return to_json, to_yaml, "citydiplomacy._io._writing.to_json / to_yaml"


# -- vocabulary --------------------------------------------------------------------------


@functools.cache
def codes(codelist: str) -> tuple[str, ...]:
    """The codes of one of the repository's codelists."""
    path = ROOT / "schemas" / "codelists" / f"{codelist}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(row["code"] for row in csv.DictReader(handle))


# (id, names by language, country, subdivisions, zone, currency, level)
City = tuple[str, dict[str, str], str, list[str], str, str, str]

NORTH: list[City] = [
    (
        "grenoble",
        {"fr": "Grenoble"},
        "FR",
        ["FR-38", "FR-ARA"],
        "Europe/Paris",
        "EUR",
        "municipality",
    ),
    ("lyon", {"fr": "Lyon"}, "FR", ["FR-69", "FR-ARA"], "Europe/Paris", "EUR", "municipality"),
    ("nantes", {"fr": "Nantes"}, "FR", ["FR-44", "FR-PDL"], "Europe/Paris", "EUR", "municipality"),
    ("rennes", {"fr": "Rennes"}, "FR", ["FR-35", "FR-BRE"], "Europe/Paris", "EUR", "municipality"),
    ("lille", {"fr": "Lille"}, "FR", ["FR-59", "FR-HDF"], "Europe/Paris", "EUR", "municipality"),
    (
        "strasbourg",
        {"fr": "Strasbourg", "de": "Straßburg"},
        "FR",
        ["FR-67", "FR-GES"],
        "Europe/Paris",
        "EUR",
        "municipality",
    ),
    (
        "montpellier",
        {"fr": "Montpellier", "oc": "Montpelhièr"},
        "FR",
        ["FR-34", "FR-OCC"],
        "Europe/Paris",
        "EUR",
        "municipality",
    ),
    (
        "toulouse",
        {"fr": "Toulouse", "oc": "Tolosa"},
        "FR",
        ["FR-31", "FR-OCC"],
        "Europe/Paris",
        "EUR",
        "municipality",
    ),
    (
        "bordeaux",
        {"fr": "Bordeaux"},
        "FR",
        ["FR-33", "FR-NAQ"],
        "Europe/Paris",
        "EUR",
        "municipality",
    ),
    (
        "chambery",
        {"fr": "Chambéry"},
        "FR",
        ["FR-73", "FR-ARA"],
        "Europe/Paris",
        "EUR",
        "municipality",
    ),
    (
        "besancon",
        {"fr": "Besançon"},
        "FR",
        ["FR-25", "FR-BFC"],
        "Europe/Paris",
        "EUR",
        "municipality",
    ),
    (
        "poitiers",
        {"fr": "Poitiers"},
        "FR",
        ["FR-86", "FR-NAQ"],
        "Europe/Paris",
        "EUR",
        "municipality",
    ),
    (
        "isere",
        {"fr": "Département de l'Isère"},
        "FR",
        ["FR-38"],
        "Europe/Paris",
        "EUR",
        "department",
    ),
    (
        "grenoble-alpes-metropole",
        {"fr": "Grenoble-Alpes Métropole"},
        "FR",
        ["FR-38"],
        "Europe/Paris",
        "EUR",
        "metropolis",
    ),
    (
        "liege",
        {"fr": "Liège", "nl": "Luik"},
        "BE",
        ["BE-WLG"],
        "Europe/Brussels",
        "EUR",
        "municipality",
    ),
    (
        "geneve",
        {"fr": "Genève", "de": "Genf"},
        "CH",
        ["CH-GE"],
        "Europe/Zurich",
        "CHF",
        "municipality",
    ),
]

SOUTH: list[City] = [
    (
        "tiznit",
        {"fr": "Tiznit", "ar": "تزنيت", "zgh-Tfng": "ⵜⵉⵣⵏⵉⵜ"},
        "MA",
        ["MA-TIZ", "MA-09"],
        "Africa/Casablanca",
        "MAD",
        "municipality",
    ),
    (
        "agadir",
        {"fr": "Agadir", "ar": "أكادير", "zgh-Tfng": "ⴰⴳⴰⴷⵉⵔ"},
        "MA",
        ["MA-AGD", "MA-09"],
        "Africa/Casablanca",
        "MAD",
        "municipality",
    ),
    (
        "marrakech",
        {"fr": "Marrakech", "ar": "مراكش", "zgh-Tfng": "ⵎⵕⵕⴰⴽⵛ"},
        "MA",
        ["MA-MAR", "MA-07"],
        "Africa/Casablanca",
        "MAD",
        "municipality",
    ),
    (
        "ouarzazate",
        {"fr": "Ouarzazate", "ar": "ورزازات", "zgh-Tfng": "ⵡⴰⵔⵣⴰⵣⴰⵜ"},
        "MA",
        ["MA-OUA", "MA-08"],
        "Africa/Casablanca",
        "MAD",
        "municipality",
    ),
    (
        "taroudant",
        {"fr": "Taroudant", "ar": "تارودانت", "zgh-Tfng": "ⵜⴰⵔⵓⴷⴰⵏⵜ"},
        "MA",
        ["MA-TAR", "MA-09"],
        "Africa/Casablanca",
        "MAD",
        "municipality",
    ),
    (
        "essaouira",
        {"fr": "Essaouira", "ar": "الصويرة", "zgh-Tfng": "ⵜⴰⵚⵚⵓⵔⵜ"},
        "MA",
        ["MA-ESI", "MA-07"],
        "Africa/Casablanca",
        "MAD",
        "municipality",
    ),
    (
        "chefchaouen",
        {"fr": "Chefchaouen", "ar": "شفشاون", "zgh-Tfng": "ⴰⵛⵛⴰⵡⵏ"},
        "MA",
        ["MA-CHE", "MA-01"],
        "Africa/Casablanca",
        "MAD",
        "municipality",
    ),
    (
        "ifrane",
        {"fr": "Ifrane", "ar": "إفران", "zgh-Tfng": "ⵉⴼⵔⴰⵏ"},
        "MA",
        ["MA-IFR", "MA-03"],
        "Africa/Casablanca",
        "MAD",
        "municipality",
    ),
    (
        "sousse",
        {"fr": "Sousse", "ar": "سوسة"},
        "TN",
        ["TN-51"],
        "Africa/Tunis",
        "TND",
        "municipality",
    ),
    (
        "kairouan",
        {"fr": "Kairouan", "ar": "القيروان"},
        "TN",
        ["TN-41"],
        "Africa/Tunis",
        "TND",
        "municipality",
    ),
    ("sfax", {"fr": "Sfax", "ar": "صفاقس"}, "TN", ["TN-61"], "Africa/Tunis", "TND", "municipality"),
    (
        "saint-louis-sn",
        {"fr": "Saint-Louis", "wo": "Ndar"},
        "SN",
        ["SN-SL"],
        "Africa/Dakar",
        "XOF",
        "municipality",
    ),
    ("ziguinchor", {"fr": "Ziguinchor"}, "SN", ["SN-ZG"], "Africa/Dakar", "XOF", "municipality"),
    (
        "ouahigouya",
        {"fr": "Ouahigouya"},
        "BF",
        ["BF-YAT"],
        "Africa/Ouagadougou",
        "XOF",
        "municipality",
    ),
    (
        "koudougou",
        {"fr": "Koudougou"},
        "BF",
        ["BF-BLK"],
        "Africa/Ouagadougou",
        "XOF",
        "municipality",
    ),
    (
        "porto-alegre",
        {"pt-BR": "Porto Alegre", "fr": "Porto Alegre"},
        "BR",
        ["BR-RS"],
        "America/Sao_Paulo",
        "BRL",
        "municipality",
    ),
]

# (id, kind, role, names)
ORGANISATIONS: list[tuple[str, str, str, dict[str, str]]] = [
    (
        "afd",
        "state_body",
        "funder",
        {"fr": "Agence française de développement", "en": "French Development Agency"},
    ),
    (
        "meae-daect",
        "state_body",
        "funder",
        {"fr": "Ministère de l'Europe et des Affaires étrangères (DAECT)"},
    ),
    ("cites-unies-france", "network", "technical_partner", {"fr": "Cités Unies France"}),
    ("eau-solidaire", "association", "implementing_partner", {"fr": "Association Eau solidaire"}),
    ("agence-eau", "state_body", "funder", {"fr": "Agence de l'eau Rhône Méditerranée Corse"}),
    (
        "universite-alpes",
        "university",
        "technical_partner",
        {"fr": "Université Grenoble Alpes", "en": "Grenoble Alpes University"},
    ),
    (
        "ong-terre-partagee",
        "ngo",
        "implementing_partner",
        {"fr": "ONG Terre partagée", "ar": "منظمة الأرض المشتركة"},
    ),
    (
        "association-amazigh",
        "association",
        "implementing_partner",
        {
            "fr": "Association culturelle amazighe",
            "ar": "الجمعية الثقافية الأمازيغية",
            "zgh-Tfng": "ⵜⴰⵎⵙⵎⵓⵏⵜ ⵜⴰⴷⵍⵙⴰⵏⵜ ⵜⴰⵎⴰⵣⵉⵖⵜ",
        },
    ),
]

# (axis key, sectors, sdg goals, sdg targets, titles)
AXES: list[tuple[str, list[str], list[int], list[str], dict[str, str]]] = [
    (
        "water",
        ["water_sanitation"],
        [6],
        ["6.1", "6.2", "6.b"],
        {"fr": "Eau et assainissement", "en": "Water and sanitation", "ar": "الماء والتطهير"},
    ),
    (
        "waste",
        ["waste", "environment"],
        [11, 12],
        ["11.6", "12.5"],
        {"fr": "Gestion des déchets", "en": "Waste management", "ar": "تدبير النفايات"},
    ),
    (
        "energy",
        ["energy", "climate"],
        [7, 13],
        ["7.2", "7.3", "13.2"],
        {"fr": "Transition énergétique", "en": "Energy transition"},
    ),
    (
        "urbanism",
        ["urban_planning", "housing"],
        [11],
        ["11.1", "11.3", "11.7"],
        {"fr": "Urbanisme durable", "en": "Sustainable urbanism", "ar": "التعمير المستدام"},
    ),
    (
        "heritage",
        ["heritage", "culture", "tourism"],
        [8, 11],
        ["8.9", "11.4"],
        {"fr": "Patrimoine et tourisme durable", "en": "Heritage and sustainable tourism"},
    ),
    (
        "youth",
        ["youth", "education", "sport"],
        [4, 5],
        ["4.4", "4.7", "5.5"],
        {
            "fr": "Jeunesse, éducation et sport",
            "en": "Youth, education and sport",
            "ar": "الشباب والتربية والرياضة",
        },
    ),
    (
        "governance",
        ["local_governance", "capacity_building"],
        [16, 17],
        ["16.6", "16.7", "17.17"],
        {"fr": "Gouvernance locale et formation", "en": "Local governance and training"},
    ),
    (
        "economy",
        ["local_economy", "agriculture_food"],
        [2, 8],
        ["2.3", "2.4", "8.3"],
        {
            "fr": "Économie locale et agriculture",
            "en": "Local economy and agriculture",
            "ar": "الاقتصاد المحلي والفلاحة",
        },
    ),
    (
        "health",
        ["health", "social_inclusion"],
        [3, 10],
        ["3.8", "10.2"],
        {"fr": "Santé et inclusion sociale", "en": "Health and social inclusion"},
    ),
    (
        "digital",
        ["digital_services", "participatory_democracy"],
        [9, 16],
        ["9.c", "16.10"],
        {"fr": "Services numériques et participation", "en": "Digital services and participation"},
    ),
]

# (axis key, action kind, title fr, title en, title ar or "", unit, target groups)
ACTIONS: list[tuple[str, str, str, str, str, str, list[str]]] = [
    (
        "water",
        "infrastructure_project",
        "Réhabilitation du réseau d'eau potable du quartier {q}",
        "Rehabilitation of the drinking water network in {q}",
        "تأهيل شبكة الماء الصالح للشرب بحي {q}",
        "km",
        ["general_public"],
    ),
    (
        "water",
        "study",
        "Diagnostic des pertes du réseau de {c}",
        "Leakage survey of the {c} network",
        "",
        "%",
        ["municipal_staff"],
    ),
    (
        "water",
        "training",
        "Formation des fontainiers aux compteurs intelligents",
        "Training water technicians on smart meters",
        "تكوين تقنيي الماء",
        "people",
        ["municipal_staff"],
    ),
    (
        "waste",
        "pilot_project",
        "Tri sélectif pilote au marché de {q}",
        "Pilot waste sorting at the {q} market",
        "",
        "t",
        ["general_public", "artisans"],
    ),
    (
        "waste",
        "awareness_campaign",
        "Campagne « Ville propre » dans les écoles de {c}",
        "Clean city campaign in {c} schools",
        "حملة مدينة نظيفة",
        "pupils",
        ["pupils", "teachers"],
    ),
    (
        "energy",
        "infrastructure_project",
        "Éclairage public LED sur l'avenue {q}",
        "LED street lighting on {q} avenue",
        "",
        "kWh",
        ["general_public"],
    ),
    (
        "energy",
        "expertise_mission",
        "Mission d'expertise sur les toitures solaires",
        "Expertise mission on solar roofs",
        "بعثة خبرة حول الألواح الشمسية",
        "kW",
        ["municipal_staff"],
    ),
    (
        "urbanism",
        "technical_exchange",
        "Échange sur le plan local d'urbanisme de {c}",
        "Exchange on the {c} land-use plan",
        "",
        "sessions",
        ["municipal_staff", "elected_officials"],
    ),
    (
        "urbanism",
        "study",
        "Étude de requalification de la place {q}",
        "Study for the redesign of {q} square",
        "دراسة إعادة تأهيل ساحة {q}",
        "m2",
        ["general_public"],
    ),
    (
        "heritage",
        "cultural_event",
        "Festival des cultures amazighes à {c}",
        "Amazigh cultures festival in {c}",
        "مهرجان الثقافات الأمازيغية",
        "visitors",
        ["general_public", "visitors"],
    ),
    (
        "heritage",
        "study_visit",
        "Visite d'étude sur la restauration de la médina",
        "Study visit on restoring the medina",
        "",
        "people",
        ["municipal_staff", "artisans"],
    ),
    (
        "youth",
        "sport_programme",
        "École de football féminin de {q}",
        "Girls' football school in {q}",
        "مدرسة كرة القدم للفتيات",
        "girls",
        ["girls", "youth"],
    ),
    (
        "youth",
        "school_exchange",
        "Correspondance entre les collèges de {c} et de {d}",
        "Pen-pal exchange between {c} and {d} schools",
        "",
        "pupils",
        ["pupils", "teachers"],
    ),
    (
        "youth",
        "youth_exchange",
        "Chantier de jeunes volontaires à {q}",
        "Young volunteers' work camp in {q}",
        "ورش الشباب المتطوعين",
        "people",
        ["youth"],
    ),
    (
        "governance",
        "training",
        "Formation des agents à la gestion budgétaire",
        "Training staff in budget management",
        "تكوين الموظفين في تدبير الميزانية",
        "people",
        ["municipal_staff"],
    ),
    (
        "governance",
        "technical_exchange",
        "Échange sur l'état civil numérique",
        "Exchange on digital civil registration",
        "",
        "sessions",
        ["municipal_staff"],
    ),
    (
        "economy",
        "pilot_project",
        "Coopérative de femmes productrices d'argan de {q}",
        "Argan women producers' cooperative in {q}",
        "تعاونية نسائية لإنتاج الأركان",
        "members",
        ["women", "farmers"],
    ),
    (
        "economy",
        "equipment_support",
        "Équipement du marché paysan de {c}",
        "Equipment for the {c} farmers' market",
        "",
        "stalls",
        ["farmers", "entrepreneurs"],
    ),
    (
        "health",
        "equipment_support",
        "Équipement du centre de santé de {q}",
        "Equipment for the {q} health centre",
        "تجهيز المركز الصحي",
        "beds",
        ["general_public"],
    ),
    (
        "health",
        "awareness_campaign",
        "Prévention et santé des seniors",
        "Prevention and health for older people",
        "",
        "people",
        ["elderly_people"],
    ),
    (
        "digital",
        "pilot_project",
        "Budget participatif en ligne de {c}",
        "Online participatory budget for {c}",
        "الميزانية التشاركية الرقمية",
        "projects",
        ["general_public"],
    ),
    (
        "digital",
        "training",
        "Ateliers d'inclusion numérique",
        "Digital inclusion workshops",
        "",
        "people",
        ["elderly_people", "women"],
    ),
]

QUARTERS = [
    "Idaougnidif",
    "Lmechouar",
    "Tafraout",
    "Bab Lkhmiss",
    "Akhfenir",
    "Tamaris",
    "Les Abattoirs",
    "Villeneuve",
    "Mistral",
    "Teisseire",
    "Bouchayer",
    "Tiouadou",
    "Sidi Bouabdellah",
    "Anza",
    "Tikiouine",
    "Hay Mohammadi",
    "El Borj",
    "La Source",
]
FIRST_NAMES = [
    "Camille",
    "Youssef",
    "Fatima",
    "Éric",
    "Aïcha",
    "Mohamed",
    "Claire",
    "Hassan",
    "Nadia",
    "Pierre",
    "Khadija",
    "Lucie",
    "Brahim",
    "Sophie",
    "Omar",
    "Awa",
    "Moussa",
]
LAST_NAMES = [
    "Martin",
    "Amrani",
    "Bernard",
    "Oukhouya",
    "Dubois",
    "Bennani",
    "Ndiaye",
    "Ouedraogo",
    "Lefèvre",
    "Aït Lhaj",
    "Moreau",
    "Trabelsi",
    "Sow",
    "Girard",
]
OFFICES = [
    ({"fr": "Maire", "en": "Mayor"}, "elected_official"),
    (
        {
            "fr": "Adjointe aux relations internationales",
            "en": "Deputy mayor for international relations",
        },
        "elected_official",
    ),
    ({"fr": "Président du conseil communal", "ar": "رئيس المجلس الجماعي"}, "elected_official"),
    ({"fr": "Directrice générale des services", "en": "Chief executive"}, "technical_staff"),
    ({"fr": "Chargé de mission coopération", "en": "Cooperation officer"}, "technical_staff"),
]


# -- building one valid convention ---------------------------------------------------------


def _text(rng: random.Random, fr: str, en: str, ar: str = "", p_en: float = 0.7) -> dict[str, str]:
    text = {"fr": fr}
    if rng.random() < p_en:
        text["en"] = en
    if ar and rng.random() < 0.6:
        text["ar"] = ar
    return text


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, min(day.day, 28))


def _renewal(rng: random.Random) -> Doc:
    mode = rng.choice(["tacit", "tacit", "explicit", "none"])
    if mode == "none":
        return {"mode": mode}
    return {"mode": mode, "period": rng.choice(["P1Y", "P3Y"]), "max_renewals": rng.randint(1, 3)}


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


#: EDTF season codes for the months of spring, summer and autumn (a winter spans
#: two years: not used, so that a season always holds the day it stands for).
_SEASON = {3: 21, 4: 21, 5: 21, 6: 22, 7: 22, 8: 22, 9: 23, 10: 23, 11: 23}


def _edtf_day(rng: random.Random, day: dt.date, p_plain: float = 0.6) -> str:
    """``day`` as a source might give it: the day, or an EDTF form that contains it."""
    roll = rng.random()
    if roll < p_plain:
        return day.isoformat()
    roll = (roll - p_plain) / (1 - p_plain)
    if roll < 0.3 and day.month in _SEASON:
        return f"{day.year:04d}-{_SEASON[day.month]}"  # "spring 2025"
    if roll < 0.55:
        return f"{day.isoformat()}?"  # the source is not sure
    if roll < 0.8:
        return f"{_month(day.year, day.month)}~"  # "around March 2025"
    return _month(day.year, day.month)


def _party(city: City, rng: random.Random, docs: list[str]) -> Doc:
    pid, names, country, subdivisions, zone, _currency, level = city
    party: Doc = {
        "id": pid,
        "kind": "local_government",
        "role": "partner",
        "name": dict(names),
        "level": level,
        "country": country,
        "subdivisions": list(subdivisions),
    }
    identifiers = [{"scheme": "wikidata", "value": f"Q{rng.randint(1000, 9_999_999)}"}]
    if country == "FR":
        identifiers.insert(0, {"scheme": "insee_cog", "value": f"{rng.randint(1000, 95999):05d}"})
    party["identifiers"] = identifiers
    party["time_zone"] = zone
    party["url"] = f"https://www.{pid}.example.org/"
    party["sources"] = [rng.choice(docs)]
    return party


def build_convention(seed: int, index: int, actions_scale: int = 1) -> Doc:
    """One valid, realistic convention; depends only on its arguments."""
    rng = random.Random(f"citydiplomacy-bench:{seed}:{index}")
    north = rng.choice(NORTH)
    south = rng.choice(SOUTH)
    cities = [north, south]
    if rng.random() < 0.3:  # a second partner on one side, e.g. a metropolis or a region
        extra = rng.choice([c for c in NORTH + SOUTH if c[0] not in {north[0], south[0]}])
        cities.append(extra)
    organisations = rng.sample(ORGANISATIONS, k=rng.randint(0, 2 if len(cities) == 2 else 1))
    own_id = f"{north[0]}-{south[0]}-{index:05d}"
    kind = rng.choice(
        ["framework_convention"] * 5 + ["implementing_convention"] * 3 + ["twinning_charter"]
    )

    # Dates in bands: deliberations < signature <= term start < actions, meetings < term end.
    start = dt.date(rng.randint(2016, 2024), rng.randint(1, 12), rng.randint(1, 28))
    years = rng.choice([3, 3, 4, 5, 6])
    end = _add_months(start, 12 * years)
    signature_day = start - dt.timedelta(days=rng.randint(0, 20))

    # Documents first: everything else cites them.
    documents: list[Doc] = [
        {
            "id": "convention-text",
            "kind": "convention_text",
            "title": _text(
                rng,
                f"Convention de coopération décentralisée entre {north[1]['fr']} "
                f"et {south[1]['fr']}",
                f"Decentralised cooperation convention between {north[1]['fr']} "
                f"and {south[1]['fr']}",
            ),
            "publisher": f"Ville de {north[1]['fr']}",
            "date": signature_day.isoformat(),
            "url": f"https://www.{north[0]}.example.org/cooperation/{own_id}.pdf",
            "language": "fr",
        },
        {
            "id": "press-release",
            "kind": "press_release",
            "title": {"fr": f"{north[1]['fr']} et {south[1]['fr']} renouvellent leur amitié"},
            "publisher": f"Ville de {north[1]['fr']}",
            "date": _month(signature_day.year, signature_day.month),
            "url": f"https://www.{north[0]}.example.org/actualites/{index}",
            "language": "fr",
            "accessed": "2025-11-03",
        },
    ]
    cited = ["convention-text", "press-release"]

    parties = [_party(c, rng, cited) for c in cities]
    for oid, okind, orole, onames in organisations:
        parties.append(
            {
                "id": oid,
                "kind": okind,
                "role": orole,
                "name": dict(onames),
                "country": "FR",
                "url": f"https://{oid}.example.org/",
            }
        )
    party_ids = [p["id"] for p in parties]
    local_ids = [c[0] for c in cities]
    currencies = {c[0]: c[5] for c in cities}

    deliberations: list[Doc] = []
    for c in cities:
        day = signature_day - dt.timedelta(days=rng.randint(15, 120))
        deliberations.append(
            {
                "id": f"deliberation-{c[0]}",
                "party": c[0],
                "body": {
                    "fr": f"Conseil {'municipal' if c[2] == 'FR' else 'communal'} de {c[1]['fr']}"
                },
                "purpose": rng.choice(["approve", "approve", "authorise_signature"]),
                "date": day.isoformat()
                if rng.random() < 0.7
                or (day.year, day.month) == (signature_day.year, signature_day.month)
                else _month(day.year, day.month),
                "reference": f"DEL-{day.year}-{rng.randint(1, 399):03d}",
                "outcome": "adopted",
                "summary": _text(
                    rng,
                    "Approbation de la convention et autorisation de signature donnée "
                    "à l'exécutif.",
                    "Approval of the convention and authorisation for the executive to sign it.",
                ),
                "document": f"deliberation-record-{c[0]}",
            }
        )
        documents.append(
            {
                "id": f"deliberation-record-{c[0]}",
                "kind": "deliberation",
                "title": {"fr": f"Délibération du conseil de {c[1]['fr']}"},
                "date": deliberations[-1]["date"],
                "language": "fr",
            }
        )

    signatories = []
    for c in cities:
        office, _role = OFFICES[0] if c[2] == "FR" else OFFICES[2]
        signatories.append({"party": c[0], "name": _person(rng), "office": dict(office)})
    signature: Doc = {
        "date": _edtf_day(rng, signature_day),
        "place": {"fr": rng.choice(cities)[1]["fr"]},
        "occasion": _text(
            rng, "Visite officielle de la délégation", "Official visit of the delegation"
        ),
        "signatories": signatories,
        "sources": ["convention-text"],
    }
    if rng.random() < 0.4:
        signature["witnesses"] = [
            {
                "name": _person(rng),
                "office": _text(rng, "Consul général", "Consul general", p_en=0.5),
                "organisation": _text(
                    rng, f"Consulat général à {south[1]['fr']}", "Consulate general", p_en=0.5
                ),
            }
        ]
    term: Doc = {
        "start": start.isoformat(),
        "duration": f"P{years}Y",
        "renewal": _renewal(rng),
        "notice_period": rng.choice(["P3M", "P6M", "P2M"]),
        "termination_clause": _text(
            rng,
            "Chaque partie peut dénoncer la présente convention par lettre recommandée, "
            "avec un préavis de trois mois.",
            "Either party may terminate this convention by registered letter "
            "with three months' notice.",
            "يمكن لكل طرف إنهاء هذه الاتفاقية برسالة مضمونة مع إشعار مسبق مدته ثلاثة أشهر.",
        ),
        "sources": ["convention-text"],
    }

    axis_specs = rng.sample(AXES, k=rng.randint(4, 8))
    axes: list[Doc] = []
    for key, sectors, goals, targets, titles in axis_specs:
        axes.append(
            {
                "id": key,
                "title": {k: v for k, v in titles.items() if k == "fr" or rng.random() < 0.8},
                "description": _text(
                    rng,
                    f"Coopération dans le domaine : {titles['fr'].lower()}.",
                    f"Cooperation on {titles['en'].lower()}.",
                ),
                "sectors": list(sectors),
                "sdg_goals": list(goals),
                "sdg_targets": rng.sample(targets, k=rng.randint(1, len(targets))),
                "sources": ["convention-text"],
            }
        )
    axis_keys = [a["id"] for a in axes]

    objectives = [
        {
            "id": f"objective-{i + 1}",
            "text": _text(
                rng,
                f"Renforcer la coopération en matière de {a['title']['fr'].lower()}.",
                f"Strengthen cooperation on {a['title'].get('en', a['title']['fr']).lower()}.",
            ),
            "axes": [a["id"]],
        }
        for i, a in enumerate(axes[: rng.randint(2, 4)])
    ]

    programmes: list[Doc] = []
    if rng.random() < 0.5:  # a funder's call for projects funds some of the actions
        programmes.append(
            {
                "id": f"call-{start.year}",
                "name": {"fr": f"Appel à projets {start.year} pour la coopération décentralisée"},
                "kind": "call_for_projects",
                "funder_name": {"fr": "Ministère des Affaires étrangères"},
                "period": {"start": _month(start.year, 1), "end": _month(start.year, 6)},
            }
        )
    programme_ids = [p["id"] for p in programmes]

    templates = [t for t in ACTIONS if t[0] in axis_keys] or ACTIONS
    n_actions = rng.randint(10, 25) * actions_scale
    actions: list[Doc] = []
    for i in range(n_actions):
        actions.append(
            _action(
                rng,
                i,
                template=rng.choice(templates),
                north=north,
                south=south,
                start=start,
                end=end,
                local_ids=local_ids,
                party_ids=party_ids,
                currencies=currencies,
                axis_keys=axis_keys,
                objective_ids=[str(o["id"]) for o in objectives],
                programme_ids=programme_ids,
            )
        )
    action_ids = [a["id"] for a in actions]

    body: Doc = {
        "id": "steering-committee",
        "name": _text(rng, "Comité de pilotage", "Steering committee", "لجنة القيادة"),
        "kind": "steering_committee",
        "members": [
            {"party": pid, "role": role, "count": rng.randint(1, 4)}
            | ({"count_qualifier": "about"} if rng.random() < 0.2 else {})
            for pid in local_ids
            for role in ("elected_official", "technical_staff")
        ],
        "cadence": {
            "every": rng.choice(["P6M", "P1Y", "P4M"]),
            "rotation": "alternating",
            "hosts": local_ids[:2],
            "mode": rng.choice(["hybrid", "in_person"]),
            "first": _month(start.year, start.month),
        },
        "sources": ["convention-text"],
    }
    meetings: list[Doc] = []
    span_days = (end - start).days
    days = sorted(rng.sample(range(10, span_days - 10), k=rng.randint(4, 10)))
    for m, offset in enumerate(days):
        day = start + dt.timedelta(days=offset)
        host = cities[m % 2]
        hour = rng.choice([9, 10, 10, 14, 15])
        minute = rng.choice([0, 0, 30])
        held = day < dt.date(2025, 6, 1)
        meeting: Doc = {
            "id": f"copil-{day.year}-{day.month:02d}-{m}",
            "body": "steering-committee",
            "kind": "steering_committee",
            "title": _text(
                rng, f"Comité de pilotage n° {m + 1}", f"Steering committee no. {m + 1}"
            ),
        }
        if rng.random() < 0.7:  # a clock time in the host's zone
            meeting["start"] = f"{day.isoformat()}T{hour:02d}:{minute:02d}"
            meeting["end"] = f"{day.isoformat()}T{hour + rng.randint(2, 5):02d}:{minute:02d}"
            meeting["time_zone"] = host[4]
        elif rng.random() < 0.6:  # the day only
            meeting["date"] = day.isoformat()
        else:  # a visit over several days
            last = day + dt.timedelta(days=rng.randint(1, 4))
            meeting["date"] = f"{day.isoformat()}/{last.isoformat()}"
        meeting |= {
            "status": "held" if held else "planned",
            "host": host[0],
            "place": {"fr": f"Hôtel de ville de {host[1]['fr']}"},
            "mode": rng.choice(["hybrid", "in_person", "online"]),
            "participants": [
                {"party": pid, "role": "elected_official", "count": rng.randint(1, 5)}
                for pid in local_ids
            ]
            + [
                {"party": host[0], "role": "technical_staff", "count": rng.randint(2, 8)}
                | ({"count_qualifier": "about"} if rng.random() < 0.3 else {})
            ],
            "agenda": [
                _text(rng, "Bilan des actions de l'année écoulée", "Review of last year's actions"),
                _text(rng, "Programmation des actions à venir", "Planning of upcoming actions"),
            ],
        }
        if held and rng.random() < 0.6:
            chosen = rng.sample(action_ids, k=min(len(action_ids), rng.randint(1, 3)))
            meeting["decisions"] = [
                {
                    "text": _text(
                        rng,
                        "Le comité valide la programmation et le plan de financement.",
                        "The committee approves the programme and the funding plan.",
                    ),
                    "actions": chosen,
                }
            ]
        if held and rng.random() < 0.5:
            doc_id = f"minutes-{meeting['id']}"
            meeting["minutes"] = doc_id
            documents.append(
                {
                    "id": doc_id,
                    "kind": "minutes",
                    "title": {"fr": f"Compte rendu du comité de pilotage du {day.isoformat()}"},
                    "date": day.isoformat(),
                    "language": "fr",
                }
            )
        meetings.append(meeting)

    convention: Doc = {
        "schema_version": "1.1",
        "id": own_id,
        "kind": kind,
        "title": _text(
            rng,
            f"Convention de coopération décentralisée entre {north[1]['fr']} et {south[1]['fr']}",
            f"Decentralised cooperation convention between {north[1]['fr']} and {south[1]['fr']}",
            f"اتفاقية التعاون اللامركزي بين {north[1]['fr']} و{south[1].get('ar', south[1]['fr'])}",
            p_en=0.9,
        ),
        "authoritative_language": "fr",
        "languages": ["fr", "ar"] if "ar" in south[1] else ["fr"],
        "summary": _text(
            rng,
            f"Les deux collectivités coopèrent sur {len(axes)} axes pendant {years} ans.",
            f"The two local governments cooperate on {len(axes)} axes for {years} years.",
        ),
        "parties": parties,
    }
    if rng.random() < 0.4:
        before = signature_day - dt.timedelta(days=rng.randint(200, 700))
        convention["related_instruments"] = [
            {
                "relation": "follows",
                "instrument": f"{north[0]}-{south[0]}-declaration-{before.year}",
                "kind": rng.choice(["declaration_of_intent", "protocol_of_intent"]),
                "date": rng.choice(
                    [_month(before.year, before.month), f"{_month(before.year, before.month)}~"]
                ),
                "sources": ["press-release"],
            }
        ]
    convention.update(
        {
            "deliberations": deliberations,
            "signature": signature,
            "term": term,
            "values": rng.sample(list(codes("shared-values")), k=rng.randint(2, 5)),
            "objectives": objectives,
            "axes": axes,
            "actions": actions,
            "governance": {"bodies": [body], "meetings": meetings},
            "documents": documents,
            "sources": ["convention-text", "press-release"],
        }
    )
    if programmes:
        convention["programmes"] = programmes
    if rng.random() < 0.3:
        convention["action_count"] = {
            "value": len(actions) + rng.randint(0, 5),
            "qualifier": "about",
            "unit": "actions",
        }
    if rng.random() < 0.3:
        convention["extensions"] = {"registry:record": f"CUF-{index:06d}", "registry:checked": True}
    return convention


def _action(
    rng: random.Random,
    i: int,
    *,
    template: tuple[str, str, str, str, str, str, list[str]],
    north: City,
    south: City,
    start: dt.date,
    end: dt.date,
    local_ids: list[str],
    party_ids: list[str],
    currencies: dict[str, str],
    axis_keys: list[str],
    objective_ids: list[str],
    programme_ids: list[str],
) -> Doc:
    axis, kind, fr, en, ar, unit, groups = template
    quarter = rng.choice(QUARTERS)
    fill = {"q": quarter, "c": south[1]["fr"], "d": north[1]["fr"]}
    months = max(1, (end.year - start.year) * 12 + end.month - start.month)
    a_start = _add_months(start, rng.randint(1, months // 2))
    a_end = min(_add_months(a_start, rng.randint(3, 24)), _add_months(end, -1))
    action: Doc = {
        "id": f"action-{i + 1:03d}",
        "title": _text(rng, fr.format(**fill), en.format(**fill), ar.format(**fill) if ar else ""),
        "kind": kind,
        "description": _text(
            rng,
            "Action menée par les services des deux collectivités, avec l'appui de "
            f"partenaires locaux, dans le quartier {quarter}.",
            "Carried out by the services of both local governments with local partners, "
            f"in {quarter}.",
            p_en=0.5,
        ),
        "axes": [axis if axis in axis_keys else rng.choice(axis_keys)],
        "objectives": [rng.choice(objective_ids)],
        "lead_party": rng.choice(party_ids),
        "participants": rng.sample(local_ids, k=rng.randint(1, len(local_ids))),
        "target_groups": list(groups),
        "period": {
            "start": _month(a_start.year, a_start.month),
            "end": _month(a_end.year, a_end.month),
        },
        "status": rng.choice(["planned", "in_progress", "in_progress", "completed", "proposed"]),
    }
    if rng.random() < 0.3:
        action["status_date"] = _month(a_start.year, a_start.month)
    if programme_ids and rng.random() < 0.4:
        action["programmes"] = list(programme_ids)
    funders = rng.sample(party_ids, k=min(len(party_ids), rng.randint(1, 3)))
    shares = _shares(rng, len(funders))
    budget = []
    for funder, share in zip(funders, shares, strict=True):
        line: Doc = {
            "funder": funder,
            "currency": currencies.get(funder, "EUR"),
            "amount": rng.randint(5, 400) * 500,
            "share": share,
            "commitment": rng.choice(["committed", "indicative"]),
            "nature": "cash" if rng.random() < 0.8 else "in_kind",
        }
        if line["nature"] == "in_kind":
            line["description"] = _text(
                rng,
                "Mise à disposition de personnel et de locaux.",
                "Staff and premises made available.",
            )
        if programme_ids and rng.random() < 0.2:
            line["programme"] = programme_ids[0]
        budget.append(line)
    if rng.random() < 0.3:
        eur = sum(b["amount"] for b in budget if b["currency"] == "EUR")
        action["total_budget"] = {
            "amount": max(eur, 1000),
            "currency": "EUR",
            "qualifier": rng.choice(["about", "at_least"]),
        }
    action["budget"] = budget
    action["expected_results"] = [
        _text(
            rng,
            "Les habitants bénéficient d'un service amélioré.",
            "Residents benefit from a better service.",
        ),
    ]
    baseline = rng.randint(0, 50)
    action["indicators"] = [
        {
            "id": f"indicator-{i + 1:03d}-{k + 1}",
            "name": _text(
                rng, f"Indicateur de suivi n° {k + 1}", f"Monitoring indicator no. {k + 1}"
            ),
            "unit": unit,
            "baseline": baseline,
            "target": baseline + rng.randint(10, 200),
            "target_date": _month(a_end.year, a_end.month),
        }
        | ({"target_qualifier": "at_least"} if rng.random() < 0.2 else {})
        for k in range(rng.randint(1, 2))
    ]
    if rng.random() < 0.5:
        action["sources"] = ["convention-text"]
    return action


def _shares(rng: random.Random, n: int) -> list[int]:
    if n == 1:
        return [100]
    cuts = sorted(rng.sample(range(5, 96, 5), k=n - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]


def _compact_size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def _strippable(document: Doc, rng: random.Random) -> list[tuple[int, float, Any, Any]]:
    """Optional content that can go, least missed first: (tier, tie-break, container, key)."""
    out: list[tuple[int, float, Any, Any]] = []

    def add(tier: int, container: Any, key: Any) -> None:
        out.append((tier, rng.random(), container, key))

    for action in document["actions"]:
        for key in ("expected_results", "sources"):
            if key in action:
                add(0, action, key)
        if "en" in action["description"]:
            add(0, action["description"], "en")
        add(1, action, "description")
        for line in action["budget"]:
            if "description" in line:
                add(1, line, "description")
        if len(action["indicators"]) > 1:
            add(1, action["indicators"], len(action["indicators"]) - 1)
        add(2, action, "indicators")
        add(2, action, "target_groups")
        for key in ("status_date", "total_budget", "programmes", "objectives"):
            if key in action:
                add(2, action, key)
        if len(action["budget"]) > 1:
            add(3, action, "budget")  # replaced by its first line, see _remove
        if "en" in action["title"]:
            add(4, action["title"], "en")
        if "ar" in action["title"]:
            add(4, action["title"], "ar")
    for meeting in document["governance"]["meetings"]:
        for key in ("agenda", "title", "participants"):
            add(1, meeting, key)
        add(3, meeting, "decisions")
        add(4, meeting, "place")
    for party in document["parties"]:
        add(4, party, "url")
        add(4, party, "identifiers")
    for action in document["actions"]:
        add(3, action, "participants")
    for axis in document["axes"]:
        add(2, axis, "description")
    for deliberation in document["deliberations"]:
        add(3, deliberation, "summary")
    if "witnesses" in document["signature"]:
        add(4, document["signature"], "witnesses")
    if "action_count" in document:
        add(4, document, "action_count")
    meetings = document["governance"]["meetings"]
    for index in range(len(meetings) - 1, 3, -1):  # the last resort: keep at least 4 meetings
        out.append((5, -index, meetings, index))
    return out


def _remove(container: Any, key: Any) -> int:
    """Remove one optional item; return the compact JSON bytes it took."""
    if isinstance(container, list):
        if key >= len(container):
            return 0
        value = container.pop(key)
    elif key not in container:
        return 0
    elif key == "budget" and len(container["budget"]) > 1:
        value = container["budget"][1:]
        container["budget"] = container["budget"][:1]
        container["budget"][0]["share"] = 100
    else:
        value = container.pop(key)
    return _compact_size(value) + len(str(key)) + 4


#: YAML bytes per compact-JSON byte of these documents (1.163 +- 0.005 over 60 of
#: them): fitting works on the cheap compact size, then checks the real YAML once.
YAML_PER_COMPACT_JSON = 1.163


def fit_size(
    document: Doc, rng: random.Random, dumps_yaml: Callable[[Any], str], scale: int = 1
) -> str:
    """Strip or pad optional content so that the YAML file weighs 10-20 KB (times ``scale``).

    The band is on the YAML file, the format people write: the same document in
    canonical JSON (2-space indented) is about 1.5 times larger, and a convention
    with 25 actions cannot fit 20 KB of indented JSON. At scale K the band is K times
    wider, so documents of every scale have the same density of content and only
    their number of actions differs. The target is drawn at random inside the band.
    Returns the YAML text of the fitted document.
    """
    low, high = (MIN_BYTES + 300) * scale, (MAX_BYTES - 300) * scale
    target = rng.uniform(low, high)
    candidates = sorted(_strippable(document, rng), key=lambda c: (c[0], c[1]))
    per_compact = YAML_PER_COMPACT_JSON
    n = 0
    for _attempt in range(6):
        estimate = _compact_size(document) * per_compact
        if estimate > target:
            excess = (estimate - target) / per_compact
            while excess > 0 and candidates:
                _tier, _tie, container, key = candidates.pop(0)
                excess -= _remove(container, key)
        else:
            missing = (target - estimate) / per_compact
            while missing > 0:
                n += 1
                extra = {
                    "fr": f"Résultat attendu complémentaire n° {n} : "
                    "les services partagent leurs pratiques.",
                    "en": f"Additional expected result no. {n}: the services share their practice.",
                }
                rng.choice(document["actions"]).setdefault("expected_results", []).append(extra)
                missing -= _compact_size(extra) + 2
        text = dumps_yaml(document)
        size = len(text.encode())
        if low <= size <= high or not candidates:
            return text
        per_compact = size / _compact_size(document)
    return text


# -- corruptions -----------------------------------------------------------------------------


def _pick(rng: random.Random, items: Sequence[Any]) -> Any:
    return items[rng.randrange(len(items))]


def _timed(meetings: list[Doc]) -> list[Doc]:
    """The meetings with a clock time; the first one is given one if none has."""
    timed = [m for m in meetings if "start" in m]
    if timed:
        return timed
    first = meetings[0]
    day = first.pop("date").partition("/")[0]
    first.update(start=f"{day}T10:00", time_zone="Europe/Paris")
    return [first]


def corrupt(document: Doc, rng: random.Random) -> tuple[str, str, str]:
    """Break ``document`` in place; return (family, kind, description). Syntax is done later."""
    actions = document["actions"]
    meetings = document["governance"]["meetings"]
    family = _pick(rng, ["schema"] * 11 + ["semantic"] * 7 + ["syntax"] * 2)
    if family == "syntax":
        return family, "syntax", "text damaged after writing"
    if family == "schema":
        kind = _pick(
            rng, ["enum", "enum", "required", "required", "type", "type", "pattern", "additional"]
        )
        a = _pick(rng, actions)
        if kind == "enum":
            if rng.random() < 0.5:
                a["status"] = _pick(rng, ["ongoing", "en cours", "done", "Completed"])
                return family, kind, f"action {a['id']} status {a['status']!r}"
            m = _pick(rng, meetings)
            m["mode"] = _pick(rng, ["visio", "remote", "face_to_face"])
            return family, kind, f"meeting {m['id']} mode {m['mode']!r}"
        if kind == "required":
            choice = rng.randrange(3)
            if choice == 0:
                del document["parties"][1]["name"]
                return family, kind, "party 1 without name"
            if choice == 1:
                del a["title"]
                return family, kind, f"action {a['id']} without title"
            m = _pick(rng, _timed(meetings))
            del m["time_zone"]
            return family, kind, f"meeting {m['id']} with a start but no time_zone"
        if kind == "type":
            choice = rng.randrange(3)
            if choice == 0:
                axis = _pick(rng, document["axes"])
                axis["sdg_goals"] = [str(g) for g in axis["sdg_goals"]]
                return family, kind, f"axis {axis['id']} sdg_goals as strings"
            if choice == 1:
                line = _pick(rng, a["budget"])
                line["amount"] = f"{line['amount']:,} €".replace(",", " ")
                return family, kind, f"action {a['id']} amount as text"
            member = _pick(rng, document["governance"]["bodies"][0]["members"])
            member["count"] = "two"
            return family, kind, "body member count as text"
        if kind == "pattern":
            if rng.random() < 0.5:
                # The convention text is dated with the day of signature.
                day = dt.date.fromisoformat(document["documents"][0]["date"])
                document["signature"]["date"] = day.strftime("%d/%m/%Y")
                return family, kind, "signature date as DD/MM/YYYY"
            m = _pick(rng, _timed(meetings))
            m["start"] = m["start"].replace("T", " ")
            return family, kind, f"meeting {m['id']} start with a space"
        a["lead_partner"] = a.pop("lead_party")
        return family, "additional", f"action {a['id']} key misspelt lead_partner"
    kind = _pick(rng, ["reference", "reference", "duplicate", "duplicate", "date-order", "zone"])
    a = _pick(rng, actions)
    if kind == "reference":
        if rng.random() < 0.5:
            a["lead_party"] = "ville-inconnue"
            return family, kind, f"action {a['id']} lead_party unknown"
        a["budget"][0]["funder"] = "fonds-inexistant"
        return family, kind, f"action {a['id']} funder unknown"
    if kind == "duplicate":
        i = rng.randrange(1, len(actions))
        actions[i]["id"] = actions[i - 1]["id"]
        return family, kind, f"action id {actions[i]['id']} twice"
    if kind == "date-order":
        period = a["period"]
        period["start"], period["end"] = period["end"], period["start"]
        if period["start"] == period["end"]:
            period["end"] = f"{int(period['start'][:4]) - 1:04d}{period['start'][4:]}"
        return family, kind, f"action {a['id']} period ends before it starts"
    m = _pick(rng, _timed(meetings))
    m["time_zone"] = _pick(rng, ["Europe/Grenoble", "Africa/Tiznit", "Europe/Pariss"])
    return family, kind, f"meeting {m['id']} unknown zone {m['time_zone']!r}"


def break_json(text: str, rng: random.Random) -> str:
    """A realistic JSON syntax error: a comma forgotten at the end of a line."""
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines) if line.endswith(",") and i > 5]
    i = _pick(rng, candidates)
    lines[i] = lines[i][:-1]
    return "\n".join(lines)


def break_yaml(text: str, rng: random.Random) -> str:
    """A realistic YAML syntax error: a quoted value never closed."""
    lines = text.split("\n")
    candidates = [
        i
        for i, line in enumerate(lines)
        if line.lstrip().startswith(("place:", "fr:", "publisher:")) is False
        and ": " in line
        and not line.rstrip().endswith(":")
        and i > 5
    ]
    i = _pick(rng, candidates)
    key, _, value = lines[i].partition(": ")
    lines[i] = f'{key}: "{value.strip(chr(34))}'
    return "\n".join(lines)


# -- writing -------------------------------------------------------------------------------


def make_file(seed: int, index: int, actions_scale: int) -> tuple[str, str, dict[str, Any]]:
    """The JSON text, the YAML text and the manifest entry of file ``index``."""
    to_json, to_yaml, _ = writers()
    document = build_convention(seed, index, actions_scale)
    rng = random.Random(f"citydiplomacy-bench-fit:{seed}:{index}")
    yaml_text = fit_size(document, rng, to_yaml, actions_scale)
    block_rng = random.Random(f"citydiplomacy-bench-invalid:{seed}:{index // INVALID_EVERY}")
    invalid = index % INVALID_EVERY == block_rng.randrange(INVALID_EVERY)
    entry: dict[str, Any] = {
        "index": index,
        "valid": True,
        "family": None,
        "kind": None,
        "detail": None,
    }
    family = ""
    if invalid:
        family, kind, detail = corrupt(document, rng)
        entry.update(valid=False, family=family, kind=kind, detail=detail)
    json_text = to_json(document)
    if invalid and family != "syntax":
        yaml_text = to_yaml(document)
    if family == "syntax":
        json_text, yaml_text = break_json(json_text, rng), break_yaml(yaml_text, rng)
    entry["json_bytes"] = len(json_text.encode())
    entry["yaml_bytes"] = len(yaml_text.encode())
    return json_text, yaml_text, entry


def _write_range(args: tuple[str, int, int, int, int]) -> list[dict[str, Any]]:
    folder, seed, scale, first, stop = args
    out = Path(folder)
    entries = []
    for index in range(first, stop):
        json_text, yaml_text, entry = make_file(seed, index, scale)
        name = f"{index:05d}"
        (out / "json" / f"{name}.json").write_text(json_text, encoding="utf-8")
        (out / "yaml" / f"{name}.yaml").write_text(yaml_text, encoding="utf-8")
        entry["name"] = name
        entries.append(entry)
    return entries


def size_label(files: int, actions_scale: int) -> str:
    """The folder name of a corpus, e.g. ``2000f-1x``."""
    return f"{files}f-{actions_scale}x"


def generate(
    out: Path, files: int, actions_scale: int = 1, seed: int = DEFAULT_SEED, jobs: int | None = None
) -> Path:
    """Write a corpus (replacing any previous one with the same label); return its folder."""
    folder = out / size_label(files, actions_scale)
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "json").mkdir(parents=True)
    (folder / "yaml").mkdir(parents=True)
    jobs = jobs or min(os.cpu_count() or 1, 4)
    chunk = max(1, min(250, files // (jobs * 4) or 1))
    ranges = [
        (str(folder), seed, actions_scale, i, min(i + chunk, files)) for i in range(0, files, chunk)
    ]
    entries: list[dict[str, Any]] = []
    if jobs == 1 or files <= chunk:
        for r in ranges:
            entries.extend(_write_range(r))
    else:
        with ProcessPoolExecutor(jobs) as pool:
            for part in pool.map(_write_range, ranges):
                entries.extend(part)
    manifest = {
        "seed": seed,
        "files": files,
        "actions_scale": actions_scale,
        "writer": writers()[2],
        "invalid": sum(not e["valid"] for e in entries),
        "json_bytes": sum(e["json_bytes"] for e in entries),
        "yaml_bytes": sum(e["yaml_bytes"] for e in entries),
        "entries": entries,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return folder


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``--files N --actions-scale K --seed S --out DIR``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--files", type=int, default=DEFAULT_FILES, help="number of conventions (default 2000)"
    )
    parser.add_argument(
        "--actions-scale",
        type=int,
        default=1,
        choices=(1, 10, 100),
        help="multiply the actions of each document (1x: 10-20 KB per file)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="corpus root (default benchmarks/corpus)"
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="worker processes (default: CPUs, at most 4)"
    )
    args = parser.parse_args(argv)
    began = time.perf_counter()
    folder = generate(args.out, args.files, args.actions_scale, args.seed, args.jobs)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    print(
        f"{folder}: {manifest['files']} files, {manifest['invalid']} invalid, "
        f"JSON {manifest['json_bytes'] / 1e6:.1f} MB, YAML {manifest['yaml_bytes'] / 1e6:.1f} MB, "
        f"writer {manifest['writer']}, {time.perf_counter() - began:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
