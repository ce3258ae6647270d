"""The words of episodes, body sites, contexts, activities, drinks and medicines."""

from __future__ import annotations

import re

from twitchwise.domain.episodes import BodySite, EpisodeContext
from twitchwise.domain.exposures import ExposureType
from twitchwise.understanding.phrases.numbers import NUMBER, NUMBER_WORDS
from twitchwise.understanding.phrases.phrase import FILLER, alternation, word_table

KIND = (
    r"\b(?:(?P<twitch>twitch(?:es|ing|ed|y)?|fasciculat(?:ions?|ing|es|e))"
    r"|(?P<cramp>cramp(?:s|ing|ed|y)?|charl(?:ey|ie) horses?)|(?P<spasm>spasm(?:s|ing|ed)?))\b"
)
_SITES = """calf: calf|calves; thigh: thighs?|quads?|quadriceps; hamstring: hamstrings?;
    foot: foot|feet|soles?; toes: toes?; leg: legs?|shins?; eyelid: eye ?lids?|eyes?;
    face: face|lips?|cheeks?|jaw; arm: fore ?arms?|arms?|biceps?|triceps?;
    hand: hands?|fingers?|thumbs?; back: back; abdomen: belly|stomach|abdomen|abdominal|abs|tummy"""
SITES = tuple(
    (p.strip(), BodySite(s.strip())) for s, p in (e.split(":") for e in _SITES.split(";"))
)
SIDE = r"\b(?:left|right|both)\b"
# "right after sex" is "immediately", not the right side; "on and off" says nothing to log.
IGNORED = r"\bright(?=\s+(?:after|before|now|away)\b)|\bon\s+and\s+off\b"
INTENSITY_WORDS = {"mild": 3, "moderate": 5, "severe": 8}
CONTEXT_WORDS = {
    EpisodeContext.AFTER_SEX: "after sex",
    EpisodeContext.AFTER_EXERCISE: "after exercise",
    EpisodeContext.DURING_ACTIVITY: "during activity",
    EpisodeContext.FALLING_ASLEEP: "while falling asleep",
    EpisodeContext.AT_REST: "at rest",
}
_EXERCISE = word_table(
    "run: ran run runs running jog jogged jogging, gym: gym, workout: workout worked_out "
    "working_out, weights: weights lifting lifted_weights, training: training trained, "
    "cycling: cycled cycling cycle bike biked bike_ride ride, swim: swim swam swimming, "
    "walk: walk walked walking, hike: hike hiked hiking, exercise: exercise exercised "
    "exercising sport, yoga: yoga, pilates: pilates, football: football, tennis: tennis, "
    "climbing: climbing, dancing: dancing danced"
)
_SEX = word_table(
    "sex: sex had_sex intercourse made_love making_love orgasm orgasms ejaculation ejaculating, "
    "masturbation: masturbation masturbated masturbating"
)
ACTIVITIES = {word: (ExposureType.EXERCISE, name) for word, name in _EXERCISE.items()}
ACTIVITIES |= {word: (ExposureType.SEXUAL_ACTIVITY, name) for word, name in _SEX.items()}
ACTIVITY = rf"\b(?:{alternation(ACTIVITIES)})\b"
_DID = rf"(?:(?:a|an|my|the|some)\s+)?(?P<act>{alternation(_EXERCISE)}|sex)"
_SEX_WORDS = alternation(w for w in _SEX if w != "had sex")
_AFTER_SEX = (
    rf"\b(?:after\s+(?:having\s+)?(?:(?:a|an|my|the|some)\s+)?(?P<act>{_SEX_WORDS})"
    rf"|post[-\s]?(?P<act2>sex))\b"
)
_ASLEEP = (
    r"\b(?:(?:while|when|as i was)\s+)?(?:falling asleep|trying to sleep|going to sleep"
    r"|drifting off|dozing off)\b"
)
_AT_REST = (
    r"\b(?:(?:while|when)\s+)?(?:(?:lying|sitting)\s+)?in\s+bed\b|\bat\s+rest\b"
    r"|\b(?:while\s+)?resting\b|\blying\s+down\b|\bsitting\s+(?:down|still)\b"
    r"|\bon\s+the\s+(?:sofa|couch)\b|\bwatching\s+tv\b"
)
# Contexts in priority order: (pattern, context, whether the activity it names is logged too).
CONTEXTS: tuple[tuple[str, EpisodeContext, bool], ...] = (
    (_AFTER_SEX, EpisodeContext.AFTER_SEX, True),
    (rf"\bafter\s+{_DID}\b", EpisodeContext.AFTER_EXERCISE, True),
    (
        rf"\b(?:during|while|when|mid)[\s-]+(?:having\s+)?{_DID}\b",
        EpisodeContext.DURING_ACTIVITY,
        True,
    ),
    (_ASLEEP, EpisodeContext.FALLING_ASLEEP, False),
    (_AT_REST, EpisodeContext.AT_REST, False),
)
EFFORT_WORDS = {"hard": 7, "intense": 7, "tough": 7, "moderate": 5, "easy": 3, "gentle": 3}
OUT_OF_10 = r"(?:\s*/\s*10|\s+out\s+of\s+10)"
RATING = rf"\s*(?:of\s+|:\s*|level\s+|=\s*)?(?P<n>\d+(?:\.\d+)?){OUT_OF_10}?(?![\w/.])"
INTENSITY = (
    rf"\b(?:intensity|severity|strength){RATING}"
    rf"|(?<![\w./])(?P<m>\d+(?:\.\d+)?){OUT_OF_10}(?![\w/])"
)
EFFORT = rf"\b(?:rpe|effort){RATING}|\b(?P<word>{alternation(EFFORT_WORDS)})\b"
SLEEP_WORD = r"\b(?:slept|sleep|sleeping|asleep|nap|naps|napped|napping)\b"
SLEEP_QUALITY = (
    r"\b(?:badly|poorly|terribly|horribly|awfully|fitfully|restlessly|lightly|deeply|well"
    r"|great|fine|ok|okay)\b"
)
STRESS_MODIFIERS = {"a bit": 5, "a little": 5, "slightly": 5, "somewhat": 5, "very": 8}
STRESS_MODIFIERS |= {"really": 8, "so": 8, "super": 8, "extremely": 9, "not": 0}
STRESS_NUMBER = (
    rf"\bstress(?:ed)?(?:\s+levels?)?{RATING}"
    rf"|(?<![\w./])(?P<m>\d+(?:\.\d+)?){OUT_OF_10}\s+stress\b"
)
STRESS_WORD = (
    rf"\b(?:(?P<mod>{alternation(STRESS_MODIFIERS)})\s+)?(?:stressed(?:\s+out)?|stressful)\b"
)
# The containers a drink may be counted in, with the drinks whose "one" they do not change.
_HOLDS = "cup: coffee instant_coffee decaf tea green_tea, mug: tea, glass: wine water, can: cola "
_HOLDS += "energy_drink beer, pint: beer, shot: spirit espresso, bottle: water beer"
CONTAINERS = {
    c.strip(): frozenset(ids.split()) for c, ids in (e.split(":") for e in _HOLDS.split(","))
}
CONTAINER = r"cups?|mugs?|glass(?:es)?|cans?|pints?|shots?|bottles?"
VOLUME_UNIT = r"ml|millilit(?:re|er)s?|cl|dl|lit(?:re|er)s?|l|fl\.?\s?oz"
MASS_UNIT = r"mg|milligrams?|mcg|µg|ug|micrograms?|g|grams?"
CAFFEINE = (
    rf"(?P<n>{NUMBER})\s*(?P<u>{MASS_UNIT})\s*(?:of\s+)?caffeine(?:\s+(?:pills?|tablets?))?\b"
    rf"|\bcaffeine\s*:?\s*(?P<n2>{NUMBER})\s*(?P<u2>{MASS_UNIT})(?!\w)"
)
ALCOHOL = (
    rf"(?P<n>{NUMBER})\s*units?\s+(?:of\s+)?(?:alcohol|booze)\b"
    rf"|\balcohol\s*:?\s*(?P<n2>{NUMBER})\s*units?\b"
)
VOLUME = (
    rf"(?P<w1>\bwater\s*:?\s*)?(?P<n>{NUMBER})\s*(?P<u>{VOLUME_UNIT})(?!\w)"
    rf"(?P<w2>\s*(?:of\s+)?water\b)?"
)
START = r"\b(?:started|starting|began|begun)\s+(?:(?:taking|on)\s+)?"
STOP = r"\b(?:stopped|stopping|quit|came\s+off|come\s+off)\s+(?:taking\s+)?"
TOOK = r"\b(?:took|take|taken|taking)\b"
DOSE = rf"(?P<n>{NUMBER})\s*(?P<u>{MASS_UNIT})(?!\w)"
PER_DAY = (
    r"\b(?:(?P<t>once|twice|two times|three times|thrice)\s+)?(?:a|per|each|every)\s+day\b"
    r"|\b(?:(?P<t2>once|twice)\s+)?daily\b|/\s*day\b"
)
TIMES = {"once": 1, "twice": 2, "two times": 2, "three times": 3, "thrice": 3}
# Words a medicine's name may carry besides the name itself ("magnesium citrate tablets").
MEDICINE_WORDS = frozenset(
    """tablet tablets pill pills capsule capsules supplement supplements spray inhaler patch
    drops gummies liquid citrate oxide glycinate bisglycinate malate taurate chloride
    sulphate sulfate carbonate lactate""".split()
)
# Words that say a phrase is about something else than an unknown medicine after "took".
_OTHER_WORDS = """ago last night morning afternoon evening yesterday today tonight noon midnight
    after before during while half couple few daily day intensity pain effort rpe alcohol water
    unit units caffeine hour hours minute minutes min mins them it those these that this one ones
    something stuff thing things bus train taxi shower bath break rest time photo picture dog
    look once twice thrice times started starting stopped stopping took taking taken take""".split()
_NAMED = [*_OTHER_WORDS, *NUMBER_WORDS, *EFFORT_WORDS, *INTENSITY_WORDS]
_NOT_A_NAME = "|".join(
    [KIND, ACTIVITY, SLEEP_WORD, SIDE, SLEEP_QUALITY, r"\bstress\w*"]
    + [rf"\b(?:{pattern})\b" for pattern, _ in SITES]
    + [rf"\b(?:{CONTAINER}|{VOLUME_UNIT}|{MASS_UNIT}|{alternation(_NAMED)})\b"]
)


def medicine_name(words: list[str], alias: str | None, drinks: str) -> bool:
    """Whether ``words`` (lower case) can be a medicine's name: with a recognised ``alias``, the
    other words are words like "tablets"; an unknown name is at most four plain words that say
    nothing else the quick log knows (a drink, a time, an activity, a number)."""
    if alias is not None:
        return set(words) - set(alias.split()) <= MEDICINE_WORDS
    text = " ".join(words)
    return (
        0 < len(words) <= 4
        and all(re.fullmatch(r"[^\W\d_][\w'-]*", w) and w not in FILLER for w in words)
        and not re.search(_NOT_A_NAME, text)
        and not re.search(rf"\b(?:{drinks})\b", text)
    )


SUPPLEMENT_CLASSES = frozenset({"vitamin_b6", "magnesium"})
