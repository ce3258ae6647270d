"""Reading a person's own words: negation, time, frequency, amounts, lay words, misspellings,
medicines and what happened to them, other languages, and nothing silently dropped.

The sentences here were written as people write to a friend or a forum, not from the word lists
in knowledge/words.toml; each case checks only what the sentence says.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twitchwise.domain.episodes import Symptom
from twitchwise.knowledge import Knowledge
from twitchwise.understanding import Understanding, understand

# Friday 4 December 2026, six in the evening in London.
NOW = datetime(2026, 12, 4, 18, 0, tzinfo=ZoneInfo("Europe/London"))
S = Symptom


@pytest.fixture(scope="module")
def read(knowledge: Knowledge):  # type: ignore[no-untyped-def]
    def reading(text: str) -> Understanding:
        return understand(text, NOW, knowledge)

    return reading


def value(understood: Understanding, field: str) -> object:
    fact = understood.fact(field)
    return None if fact is None else fact.value


# --- warning signs: present, ruled out, only worried about ---------------------------------


@pytest.mark.parametrize(
    ("text", "present", "absent", "worried"),
    [
        (
            "calf cramps in bed, not weak, not numb, no tingling, swallowing fine",
            set(),
            {S.WEAKNESS, S.NUMBNESS, S.TINGLING, S.DIFFICULTY_SWALLOWING},
            set(),
        ),
        ("I don't have any numbness or tingling", set(), {S.NUMBNESS, S.TINGLING}, set()),
        ("twitchy arm, without any weakness so far", set(), {S.WEAKNESS}, set()),
        ("haven't eaten all day, feel weak and shaky", {S.WEAKNESS, S.TREMOR}, set(), set()),
        ("my speech isn't slurred and my face looks normal", set(), {S.DIFFICULTY_SPEAKING}, set()),
        ("worried it's a blood clot in my calf", set(), set(), {S.LEG_SWELLING_ONE_SIDE}),
        (
            "calf cramp started 25 mins ago and it still won't let go, my left calf is swollen",
            {S.LEG_SWELLING_ONE_SIDE},
            set(),
            set(),
        ),
        (
            "I've had a thumping headache and a temp of 39 and my neck's really stiff",
            {S.FEVER, S.STIFF_NECK},
            set(),
            set(),
        ),
        (
            "numb around my bum and can't pee",
            {S.SADDLE_NUMBNESS, S.BLADDER_BOWEL_CHANGE},
            set(),
            set(),
        ),
        (
            "thighs spasming and peeing is fine, no numbness down below",
            set(),
            {S.NUMBNESS, S.BLADDER_BOWEL_CHANGE},
            set(),
        ),
        ("woke up with the worst charley horse of my life", {S.SEVERE_PAIN}, set(), set()),
        ("my pee is the colour of coke after a long run", {S.DARK_URINE}, set(), set()),
        (
            "I had a cut on my foot 10 days ago and now my jaw feels locked",
            {S.RECENT_WOUND, S.MUSCLE_RIGIDITY},
            set(),
            set(),
        ),
        (
            "had a burn on my hand last week, now my neck and jaw are stiff",
            {S.RECENT_WOUND, S.STIFF_NECK},
            set(),
            set(),
        ),
        ("heart keeps fluttering and skipping beats", {S.PALPITATIONS}, set(), set()),
        ("passed out in the shower after the cramp", {S.FAINTING}, set(), set()),
        ("having chest tightness and my legs keep twitching", {S.CHEST_PAIN}, set(), set()),
        (
            "pins and needles round my lips and my hands went into a claw",
            {S.TINGLING_AROUND_MOUTH},
            set(),
            set(),
        ),
        (
            "been throwing up since last night and now my calves are cramping",
            {S.VOMITING_OR_DIARRHOEA},
            set(),
            set(),
        ),
        ("hardly peed today and feel lightheaded", {S.LITTLE_URINE, S.DIZZINESS}, set(), set()),
    ],
)
def test_warning_signs_are_read_with_their_status(
    read, text: str, present: set[Symptom], absent: set[Symptom], worried: set[Symptom]
) -> None:  # type: ignore[no-untyped-def]
    understood = read(text)
    assert present <= set(understood.present), understood.signs
    assert absent <= set(understood.ruled_out), understood.signs
    assert worried <= set(understood.worried_about), understood.signs
    assert not present & set(understood.ruled_out)
    assert not absent & set(understood.present)


def test_a_negation_does_not_reach_past_other_words(read) -> None:  # type: ignore[no-untyped-def]
    understood = read("I haven't slept properly, weak legs since tuesday")
    assert S.WEAKNESS in understood.present


def test_a_present_sign_anywhere_beats_a_no_elsewhere(read) -> None:  # type: ignore[no-untyped-def]
    understood = read("no numbness in my feet. actually my left foot is a bit numb")
    assert S.NUMBNESS in understood.present


def test_each_sign_keeps_the_words_it_came_from(read) -> None:  # type: ignore[no-untyped-def]
    understood = read("my words are coming out slurred and my arm is weak")
    quotes = {m.sign: m.quote for m in understood.mentions}
    assert "slurred" in quotes[S.DIFFICULTY_SPEAKING]
    assert "weak" in quotes[S.WEAKNESS]


# --- the episode, time and frequency -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "my thigh has been jumping on and off for about a fortnight",
            {
                "episode.kind": "twitch",
                "episode.body_sites": ["thigh"],
                "episode.persisting_days": 14,
            },
        ),
        (
            "woke up at 3am with a charley horse in my right calf",
            {"episode.kind": "cramp", "episode.body_sites": ["calf"], "episode.sides": "right"},
        ),
        ("eyelid flickering since monday", {"episode.persisting_days": 4}),
        ("arm has been twitching for 3 weeks", {"episode.persisting_days": 21}),
        ("started 2 days ago", {"episode.persisting_days": 2}),
        ("twitching for nearly a month now", {"episode.persisting_days": 30}),
        ("cramp lasted half an hour", {"episode.kind": "cramp", "episode.duration_minutes": 30}),
        ("calf cramp 25 mins ago and it still won't let go", {"episode.duration_minutes": 25}),
        ("it lasts a few seconds each time", {"episode.duration_minutes": 0.05}),
        (
            "big toe curls up, happens twice a week for the past 2 months",
            {"episode.episodes_per_week": 2.0, "episode.persisting_days": 60},
        ),
        ("leg cramps every night this week", {"episode.episodes_per_week": 7.0}),
        ("leg cramps most nights", {"episode.episodes_per_week": 5.0}),
        (
            "flickering under my left eye 3 times today",
            {"episode.episodes_per_week": 21.0, "episode.sides": "left"},
        ),
        ("thighs spasming", {"episode.kind": "spasm", "episode.sides": "both"}),
        ("toes locked into a claw", {"episode.kind": "cramp", "episode.body_sites": ["toes"]}),
        ("the pain is 10/10", {"episode.pain": 10}),
        ("no pain, just a flicker", {"episode.pain": 0}),
        ("legs twitch after football", {"episode.context": "after_exercise"}),
        ("calf cramps in bed", {"episode.context": "at_rest"}),
    ],
)
def test_the_episode_is_read(read, text: str, expected: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    understood = read(text)
    for field, wanted in expected.items():
        got = value(understood, field)
        if isinstance(wanted, float):
            assert got == pytest.approx(wanted, rel=0.15), (field, got)
        else:
            assert got == wanted, (field, got)


def test_typing_all_day_is_not_an_episode_rate(read) -> None:  # type: ignore[no-untyped-def]
    assert value(read("finger twitching after typing all day"), "episode.episodes_per_week") is None


def test_a_time_ago_dates_the_episode(read) -> None:  # type: ignore[no-untyped-def]
    started = value(read("cramp in my foot started 20 minutes ago"), "episode.started_at")
    assert isinstance(started, datetime)
    assert abs((NOW - started).total_seconds() - 20 * 60) < 60


# --- amounts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "low", "high"),
    [
        ("6 mugs of coffee a day", "context.caffeine_mg_last_24h", 550, 900),
        ("had about 5 coffees yesterday", "context.caffeine_mg_last_24h", 300, 600),
        ("2 energy drinks", "context.caffeine_mg_last_24h", 150, 330),
        ("drank a bottle of wine last night", "context.alcohol_units_last_24h", 8, 11),
        ("three pints", "context.alcohol_units_last_24h", 5, 9),
        ("barely any water today", "context.water_ml_last_24h", 0, 800),
        ("drank 1.5 litres of water", "context.water_ml_last_24h", 1500, 1500),
        # water from every drink, as EFSA counts it: two mugs of tea and a can of cola
        (
            "2 mugs of tea and a can of coke, that's all I drank",
            "context.water_ml_last_24h",
            600,
            1100,
        ),
        ("1.5 litres of water and a coffee", "context.water_ml_last_24h", 1600, 1900),
        ("slept maybe 4 hours", "context.sleep_hours_last_night", 4, 4),
        ("ran 10k in the heat", "context.exertion.activity", None, None),
    ],
)
def test_amounts_are_read_in_the_requests_units(
    read, text: str, field: str, low: float | None, high: float | None
) -> None:  # type: ignore[no-untyped-def]
    got = value(read(text), field)
    assert got is not None, field
    if low is not None and high is not None:
        assert isinstance(got, int | float) and low <= got <= high, got


def test_the_colour_of_coke_is_not_a_drink(read) -> None:  # type: ignore[no-untyped-def]
    understood = read("my pee is the colour of coke after a long run")
    assert value(understood, "context.water_ml_last_24h") is None
    assert value(understood, "context.caffeine_mg_last_24h") is None


def test_beer_is_not_counted_as_water(read) -> None:  # type: ignore[no-untyped-def]
    understood = read("4 pints of lager last night")
    assert value(understood, "context.water_ml_last_24h") is None


def test_an_ability_is_not_an_activity(read) -> None:  # type: ignore[no-untyped-def]
    assert value(read("I can walk fine"), "context.exertion.activity") is None
    assert value(read("went for a walk"), "context.exertion.activity") == "walking"


# --- the person and medicines ---------------------------------------------------------------


def test_age_pregnancy_and_sex_are_read(read) -> None:  # type: ignore[no-untyped-def]
    understood = read("26 weeks pregnant and getting leg cramps most nights")
    assert value(understood, "person.pregnant") is True
    assert value(understood, "person.sex") == "female"
    assert value(read("I'm 72, cramps in my feet"), "person.age_years") == 72
    assert value(read("Im 16 and my legs twitch"), "person.age_years") == 16


@pytest.mark.parametrize(
    ("text", "name", "change"),
    [
        ("my water tablet was doubled last week", "diuretics (water tablets)", "increased"),
        ("upped my sertraline to 100mg on monday", "sertraline", "increased"),
        ("stopped my sertraline 5 days ago", "sertraline", "stopped"),
        ("started on atorvastatin in october", "atorvastatin", "started"),
        ("I'm on furosemide", "furosemide", "taking"),
        ("they put me on a statin", "statins", "started"),
    ],
)
def test_medicines_and_what_happened_to_them(read, text: str, name: str, change: str) -> None:  # type: ignore[no-untyped-def]
    medicines = read(text).medicines
    assert medicines, text
    assert medicines[0].name.lower() == name.lower()
    assert medicines[0].change == change


def test_a_recent_change_of_medicine_is_the_new_medication_sign(read) -> None:  # type: ignore[no-untyped-def]
    assert S.NEW_MEDICATION in read("upped my sertraline last week, twitchy").present
    assert S.NEW_MEDICATION not in read("been on furosemide for years").present


def test_a_dose_is_read_with_its_medicine(read) -> None:  # type: ignore[no-untyped-def]
    medicine = read("upped my sertraline to 100mg").medicines[0]
    assert medicine.dose_mg == 100


# --- misspellings, lay words, other languages -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "wanted"),
    [
        ("twiching in my calff after the gym", "episode.body_sites", ["calf"]),
        ("twiching in my calff after the gym", "episode.kind", "twitch"),
        ("bad crampe in my hamstrng", "episode.kind", "cramp"),
        ("eyelid twtiching", "episode.body_sites", ["eyelid"]),
    ],
)
def test_misspellings_are_put_right(read, text: str, field: str, wanted: object) -> None:  # type: ignore[no-untyped-def]
    assert value(read(text), field) == wanted


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("cant feel my bum properly", S.SADDLE_NUMBNESS),
        ("it stings when I wee and it's dark brown", S.DARK_URINE),
        ("numb down there, around my privates", S.SADDLE_NUMBNESS),
        ("pins and needles in my feet", S.TINGLING),
        ("wet myself without noticing", S.BLADDER_BOWEL_CHANGE),
    ],
)
def test_lay_words_for_warning_signs(read, text: str, sign: Symptom) -> None:  # type: ignore[no-untyped-def]
    assert sign in read(text).present


def test_charley_horse_is_a_cramp(read) -> None:  # type: ignore[no-untyped-def]
    assert value(read("charley horse last night"), "episode.kind") == "cramp"


@pytest.mark.parametrize(
    "text",
    [
        "Ich habe seit drei Tagen Muskelzucken im Bein",
        "Tengo calambres en la pantorrilla por la noche desde hace una semana",
        "J'ai des crampes dans les mollets après mon footing",
    ],
)
def test_another_language_is_recognised_and_not_read(read, text: str) -> None:  # type: ignore[no-untyped-def]
    understood = read(text)
    assert understood.english is False
    assert not understood.present


def test_emergency_words_in_another_language_are_still_found(read) -> None:  # type: ignore[no-untyped-def]
    understood = read("no puedo respirar y me duele el pecho")
    assert understood.english is False
    assert understood.present, "an emergency in Spanish must not pass unnoticed"


# --- nothing dropped ------------------------------------------------------------------------


def test_words_not_understood_are_quoted_as_written(read) -> None:  # type: ignore[no-untyped-def]
    understood = read("my calf is twitching after my Aunt Mabel's wedding reception")
    assert any("Aunt Mabel's wedding reception" in part for part in understood.not_understood)


_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_FRAGMENTS = [
    "my calf keeps twitching",
    "no numbness",
    "since monday",
    "3 coffees",
    "grumbleflax",
    "after the wedding",
    "I'm on furosemide",
    "slept 5 hours",
    "the dog barked",
    "vortex",
    "can't catch my breath",
    "for ages",
    "every night",
    "not weak",
    "eyelid",
    "zzyzx wibble",
    "upped my sertraline",
    "pins and needles",
    "Mabel's garden party",
    "and",
    "but",
    "then",
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=8),
    st.sampled_from([" ", ", ", ". ", " and ", "\n"]),
)
def test_every_word_is_understood_or_quoted_back(
    knowledge: Knowledge, fragments: list[str], joiner: str
) -> None:
    text = joiner.join(fragments)
    understood = understand(text, NOW, knowledge)
    quoted = " ".join(
        [f.quote for f in understood.facts]
        + [m.quote for m in understood.mentions]
        + [m.quote for m in understood.medicines]
        + [e.quote for e in understood.events]
        + list(understood.not_understood)
    ).lower()
    for word in ("grumbleflax", "vortex", "zzyzx", "wibble", "mabel's", "wedding", "barked"):
        if word in text.lower():
            assert word in quoted, (word, text, understood.not_understood)
    for quote in understood.not_understood:
        assert quote in text, "a quote is the person's words as written"


@pytest.mark.parametrize(
    ("text", "sex", "age"),
    [
        ("my dad (72) has had twitching in his arms since the spring", "male", 72),
        ("Dad is 70. His right hand was twitching", "male", 70),
        ("Mum's on lithium. She's been vomiting since last night", "female", None),
        ("Lad on site had heat cramps, he's no better", "male", None),
        ("My flatmate ran a marathon today, now she's confused", "female", None),
        ("My 19 year old daughter at uni just rang, she's got a fever", "female", 19),
        ("I'm 71 and my calf cramps when I walk. My brother had a bypass in his sixties", None, 71),
        ("after sex with my husband last night I got a cramp in my foot", None, None),
        ("So I'm 34, dad of two, and my left thumb is twitching", "male", 34),
        ("I'm on the pill and my left calf is swollen", "female", None),
    ],
)
def test_who_it_is_about(read, text: str, sex: str | None, age: int | None) -> None:  # type: ignore[no-untyped-def]
    understood = read(text)
    assert value(understood, "person.sex") == sex
    assert value(understood, "person.age_years") == age


@pytest.mark.parametrize(
    ("text", "signs"),
    [
        (
            "Mijn moeder heeft een scheve mond en kan niet meer praten",
            {S.ONE_SIDED_WEAKNESS, S.DIFFICULTY_SPEAKING},
        ),
        ("Jag har ont i bröstet och kan inte andas", {S.CHEST_PAIN, S.DIFFICULTY_BREATHING}),
        ("Anak saya demam tinggi dan leher kaku", {S.FEVER, S.STIFF_NECK}),
        ("У меня болит грудь и не могу дышать", {S.CHEST_PAIN, S.DIFFICULTY_BREATHING}),
    ],
)
def test_emergency_words_are_found_in_more_languages(read, text: str, signs: set[Symptom]) -> None:  # type: ignore[no-untyped-def]
    understood = read(text)
    assert understood.english is False
    assert signs <= set(understood.present)


def test_a_text_in_another_script_is_not_taken_for_english(read) -> None:  # type: ignore[no-untyped-def]
    assert read("我的腿抽筋了").english is False


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("his smile has gone lopsided and he's dribbling his tea", S.ONE_SIDED_WEAKNESS),
        ("since lunch she keeps dropping her cup with her right hand", S.ONE_SIDED_WEAKNESS),
        ("woke up and my left arm just won't lift, it's like a dead weight", S.ONE_SIDED_WEAKNESS),
        ("like a tight band around my chest when the cramp came", S.CHEST_PAIN),
        ("he went rigid, shook all over and then wouldn't respond for a minute", S.SEIZURE),
        ("temp of 39 and she cries when I bend her head forward", S.STIFF_NECK),
        (
            "he's talking like he's had ten pints but he hasn't touched a drop",
            S.DIFFICULTY_SPEAKING,
        ),
        ("today both my legs went weak and I nearly fell on the stairs", S.BOTH_LEGS_WEAK_OR_NUMB),
    ],
)
def test_signs_told_in_pieces_are_put_together(read, text: str, sign: Symptom) -> None:  # type: ignore[no-untyped-def]
    assert sign in read(text).present


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("my left foot has been numb for months, diabetic", S.ONE_SIDED_WEAKNESS),
        ("chest infection last week and now my legs ache and twitch", S.CHEST_PAIN),
        (
            "her arm isn't weak and her face looks normal, just a twitchy thumb",
            S.ONE_SIDED_WEAKNESS,
        ),
        ("my voice is hoarse from a cold and my eyelid twitches", S.DIFFICULTY_SPEAKING),
        ("legs feel heavy after the marathon, calves cramping", S.BOTH_LEGS_WEAK_OR_NUMB),
    ],
)
def test_pieces_that_do_not_make_the_sign(read, text: str, sign: Symptom) -> None:  # type: ignore[no-untyped-def]
    assert sign not in read(text).present
