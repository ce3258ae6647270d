"""The bundled knowledge: every item sourced, every reference resolves, required content present."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import twitchwise
from twitchwise.domain.assessment import EvidenceGrade, FamilyId, Person, TriageLevel
from twitchwise.domain.episodes import Symptom
from twitchwise.domain.errors import KnowledgeError
from twitchwise.knowledge import Knowledge, load_knowledge_from
from twitchwise.knowledge.loader import FILES, read_raw


def all_citations(knowledge: Knowledge) -> dict[str, tuple[str, ...]]:
    """Every item of the knowledge base and the sources it cites (a drug through its classes)."""
    items = {f"family {f.id}": f.sources for f in knowledge.families.values()}
    for threshold in knowledge.thresholds.values():
        for index, rule in enumerate(threshold.rule):
            items[f"threshold {threshold.id} rule {index}"] = rule.sources
    items |= {f"flag {flag.id}": flag.sources for flag in knowledge.flags}
    items |= {f"level {level}": text.sources for level, text in knowledge.levels.items()}
    items |= {f"watch_for {i}": watch.sources for i, watch in enumerate(knowledge.watch_for)}
    items |= {f"class {c.id}": c.sources for c in knowledge.drug_classes.values()}
    for drug in knowledge.drugs.values():
        inherited = tuple(s for c in drug.classes for s in knowledge.drug_classes[c].sources)
        items[f"drug {drug.id}"] = drug.sources + inherited
    items |= {f"advice {advice.id}": advice.sources for advice in knowledge.advice}
    items |= {f"drink {drink.id}": drink.sources for drink in knowledge.drinks}
    words = knowledge.words
    items |= {f"words: sign {sign}": w.sources for sign, w in words.signs.items()}
    for name in ("kinds", "sites", "sides", "contexts", "conditions"):
        items[f"words: {name}"] = getattr(words, name).sources
    items["words: context rules"] = words.context_rules.sources
    items["words: languages"] = words.languages_sources
    items |= {f"emergency number {n.number}": n.sources for n in knowledge.emergency_numbers}
    return items


def test_every_item_cites_at_least_one_known_source(knowledge: Knowledge) -> None:
    for item, sources in all_citations(knowledge).items():
        assert sources, f"{item} has no source"
        for source_id in sources:
            assert source_id in knowledge.sources, f"{item} cites unknown {source_id}"


def cited_in_code() -> set[str]:
    """Source ids the evaluators cite directly, for evidence that no data file carries."""
    code = Path(twitchwise.__file__).parent / "assessment"
    ids: set[str] = set()
    for module in code.rglob("*.py"):
        ids.update(re.findall(r'"([A-Z]{2,5}-[A-Z0-9-]+)"', module.read_text(encoding="utf-8")))
    return ids


def test_sources_cited_in_code_exist(knowledge: Knowledge) -> None:
    assert cited_in_code(), "the pattern found no ids: the test would pass vacuously"
    assert cited_in_code() - set(knowledge.sources) == set()


def test_every_listed_source_is_cited_somewhere(knowledge: Knowledge) -> None:
    cited = {s for sources in all_citations(knowledge).values() for s in sources}
    assert set(knowledge.sources) - cited - cited_in_code() == set()


def test_no_medication_alias_points_at_two_drugs(knowledge: Knowledge) -> None:
    seen: dict[str, str] = {}
    for drug in knowledge.drugs.values():
        for alias in (drug.id, *drug.aliases, *drug.brands):
            key = alias.casefold()
            assert seen.setdefault(key, drug.id) == drug.id, f"{alias} -> {seen[key]} and {drug.id}"


def test_all_seven_families_and_four_levels_are_described(knowledge: Knowledge) -> None:
    assert set(knowledge.families) == set(FamilyId)
    assert set(knowledge.levels) == set(TriageLevel)


def test_every_symptom_has_a_flag_of_its_own(knowledge: Knowledge) -> None:
    symptoms = {symptom.value for symptom in Symptom}
    single = {
        flag.id
        for flag in knowledge.flags
        if flag.id in symptoms and flag.when.symptoms_any == (Symptom(flag.id),)
    }
    assert single == symptoms


def test_the_required_drug_classes_are_there(knowledge: Knowledge) -> None:
    required = {
        "diuretic",
        "corticosteroid",
        "beta2_agonist",
        "stimulant",
        "anticholinesterase",
        "statin",
        "lithium",
        "proton_pump_inhibitor",
        "serotonergic",
        "vitamin_b6",
        "magnesium",
    }
    assert required <= set(knowledge.drug_classes)
    for class_id in required:
        assert any(class_id in drug.classes for drug in knowledge.drugs.values()), class_id


def test_weak_links_say_so(knowledge: Knowledge) -> None:
    """FACTS.md: sleep and twitching, magnesium for ordinary cramps, dehydration and cramps."""
    assert knowledge.families[FamilyId.SLEEP].evidence_grade is EvidenceGrade.WEAK
    assert knowledge.families[FamilyId.NUTRIENTS].evidence_grade is EvidenceGrade.WEAK
    assert knowledge.families[FamilyId.HYDRATION_ELECTROLYTES].evidence_grade is EvidenceGrade.WEAK
    assert knowledge.drug_classes["magnesium"].grade is EvidenceGrade.WEAK
    assert knowledge.drug_classes["statin"].grade is EvidenceGrade.WEAK


@pytest.mark.parametrize(
    ("threshold", "person", "value"),
    [
        ("caffeine_daily_limit_mg", {}, 400),
        ("caffeine_daily_limit_mg", {"sex": "female", "pregnant": True}, 200),
        ("caffeine_daily_limit_mg", {"age_years": 15, "weight_kg": 50}, 150),
        # Under 18 without a weight (MEDICAL-AUDIT 18): Health Canada's amounts by age, and for
        # teenagers 2.5 mg/kg for 50 kg, never the adult 400 mg.
        ("caffeine_daily_limit_mg", {"age_years": 15}, 125),
        ("caffeine_daily_limit_mg", {"age_years": 17}, 125),
        ("caffeine_daily_limit_mg", {"age_years": 12}, 85),
        ("caffeine_daily_limit_mg", {"age_years": 8}, 62.5),
        ("caffeine_daily_limit_mg", {"age_years": 5}, 45),
        ("caffeine_daily_limit_mg", {"age_years": 18}, 400),
        ("sleep_need_hours", {"age_years": 30}, 7),
        ("sleep_need_hours", {"age_years": 16}, 8),
        ("sleep_need_hours", {"age_years": 10}, 9),
        ("sleep_need_hours", {"age_years": 4}, 10),
        ("water_from_drinks_ml", {"sex": "male"}, 2000),
        ("water_from_drinks_ml", {"sex": "female"}, 1600),
        ("water_from_drinks_ml", {"sex": "female", "pregnant": True}, 1840),
        ("magnesium_mg", {"sex": "male", "age_years": 25}, 400),
        ("magnesium_mg", {"sex": "male", "age_years": 45}, 420),
        ("magnesium_mg", {"sex": "female", "age_years": 25}, 310),
        ("magnesium_mg", {"sex": "female", "age_years": 45}, 320),
        ("magnesium_mg", {"sex": "female", "age_years": 25, "pregnant": True}, 350),
        ("magnesium_mg", {"sex": "female", "age_years": 16, "pregnant": True}, 400),
        ("magnesium_mg", {"sex": "female", "age_years": 17, "breastfeeding": True}, 360),
        ("potassium_mg", {"sex": "male"}, 3400),
        ("potassium_mg", {"sex": "female"}, 2600),
        ("potassium_mg", {"sex": "female", "age_years": 30, "pregnant": True}, 2900),
        ("potassium_mg", {"sex": "female", "age_years": 16, "pregnant": True}, 2600),
        ("potassium_mg", {"sex": "female", "age_years": 30, "breastfeeding": True}, 2800),
        ("potassium_mg", {"sex": "female", "age_years": 17, "breastfeeding": True}, 2500),
        ("calcium_mg", {"sex": "female", "age_years": 16, "pregnant": True}, 1300),
        ("calcium_mg", {"sex": "female", "age_years": 55}, 1200),
        ("calcium_mg", {"sex": "male", "age_years": 55}, 1000),
        ("vitamin_d_iu", {"age_years": 75}, 800),
        ("vitamin_d_iu", {"age_years": 40}, 600),
        ("vitamin_b6_supplement_uk_mg", {}, 10),
        ("magnesium_supplement_upper_mg", {}, 350),
        ("magnesium_supplement_upper_eu_mg", {}, 250),
        ("vitamin_b6_upper_eu_mg", {}, 12),
    ],
)
def test_thresholds_depend_on_the_person_as_the_sources_say(
    knowledge: Knowledge, threshold: str, person: dict[str, object], value: float
) -> None:
    assert knowledge.threshold(threshold, Person.model_validate(person)).value == value


# --- the loader refuses broken files ------------------------------------------------------------


@pytest.fixture
def files(tmp_path: Path) -> Path:
    for name, data in read_raw().items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


def edit(folder: Path, name: str, change: Callable[[str], str]) -> None:
    path = folder / name
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, "the edit did not change the file"
    path.write_text(after, encoding="utf-8")


def test_an_untouched_copy_loads_with_the_same_version(files: Path, knowledge: Knowledge) -> None:
    assert load_knowledge_from(files).version == knowledge.version


def test_a_changed_file_changes_the_knowledge_version(files: Path, knowledge: Knowledge) -> None:
    edit(files, "advice.toml", lambda s: s.replace("hold it until", "keep it until", 1))
    assert load_knowledge_from(files).version != knowledge.version


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        (
            "red_flags.toml",
            lambda s: s.replace(
                'sources = ["FAS-NHS-SCIATICA", "FAS-HEALTHIFY-SCIATICA"]',
                'sources = ["NO-SUCH-SOURCE"]',
                1,
            ),
            "unknown source 'NO-SUCH-SOURCE'",
        ),
        (
            "advice.toml",
            lambda s: s.replace('sources = ["FAS-NHS-TWITCH"]\n', "sources = []\n", 1),
            "at least 1 item",
        ),
        (
            "medications.toml",
            lambda s: s.replace('brands = ["Zocor"]', 'brands = ["Zocor", "Lasix"]'),
            "'Lasix' points at both",
        ),
        (
            "medications.toml",
            lambda s: s.replace(
                'classes = ["statin"]\nbrands = ["Lipitor"]',
                'classes = ["statins"]\nbrands = ["Lipitor"]',
            ),
            "unknown class 'statins'",
        ),
        (
            "red_flags.toml",
            lambda s: s.replace('id = "tingling"\n', 'id = "numbness"\n', 1),
            "flag id 'numbness' is defined twice",
        ),
        (
            "red_flags.toml",
            lambda s: s.replace("{duration_minutes} minutes", "{duration_hours} hours", 1),
            "unknown placeholders ['duration_hours']",
        ),
        (
            "causes.toml",
            lambda s: s.replace('id = "stress"', 'id = "worry"', 1),
            "Input should be 'exertion'",
        ),
        (
            "red_flags.toml",
            lambda s: s.replace('level = "emergency"', 'level = "whenever"', 1),
            "level",
        ),
        ("sources.toml", lambda s: s + "\n[[source\n", "cannot read"),
        (
            "drinks.toml",
            lambda s: s.replace('"cola", "colas"', '"cola", "tea"', 1),
            "names used by two drinks: ['tea']",
        ),
    ],
)
def test_the_loader_refuses_inconsistent_files(
    files: Path, name: str, change: Callable[[str], str], message: str
) -> None:
    assert name in FILES
    edit(files, name, change)
    with pytest.raises(KnowledgeError, match=None) as caught:
        load_knowledge_from(files)
    assert message in str(caught.value)


def test_every_phrase_of_words_toml_is_a_valid_pattern(knowledge: Knowledge) -> None:
    import re

    words = knowledge.words
    phrases = [p for w in words.signs.values() for p in (*w.phrases, *w.normal)]
    for name in ("kinds", "sites", "sides", "contexts", "conditions"):
        phrases += [p for group in getattr(words, name).words.values() for p in group]
    phrases += [p for group in words.foreign.values() for p in group]
    assert len(phrases) > 300
    for phrase in phrases:
        re.compile(phrase)  # raises, naming the phrase, if one is not a pattern


def test_a_phrase_that_is_not_a_pattern_is_named_when_it_is_compiled() -> None:
    from twitchwise.domain.errors import KnowledgeError
    from twitchwise.understanding.patterns import phrase

    with pytest.raises(KnowledgeError, match=r"'numb\(ness' is not a pattern"):
        phrase(["tingl\\w*", "numb(ness"])
