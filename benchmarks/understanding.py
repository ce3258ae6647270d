"""How well twitchwise reads people's own words, on the corpus written apart from its word lists
(tests/understanding/corpus), against two baselines measured in the same run on the same texts:

1. the strict phrase reader (the quick log's reader before issue 14, kept for exact entries):
   what a plain-language description got before;
2. for negation, negspacy's NegEx on a blank spaCy pipeline (no model download) deciding the
   status of the same sign mentions our ConText decides, plus each one's start-up cost.

Run: .venv/bin/python benchmarks/understanding.py [--corpus PATH] [--no-nlp]
The NegEx comparison needs `.venv/bin/pip install -e '.[negation-bench]'` (spaCy and negspacy,
not dependencies of twitchwise); without them it says so and skips that part.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.understanding.scoring import CORPUS, NOW, Tally, load, score_case

from twitchwise.assessment import assess
from twitchwise.domain.assessment import AssessmentRequest, TriageLevel
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import LoggedEpisode
from twitchwise.knowledge import Knowledge, load_knowledge
from twitchwise.understanding import understand
from twitchwise.understanding.context import Status
from twitchwise.understanding.phrases import read_phrases
from twitchwise.understanding.signs import patterns

FIELDS = (
    "kind", "body_sites", "sides", "duration_minutes", "persisting_days", "episodes_per_week",
    "context", "symptoms", "symptoms_absent", "medications", "person.age_years", "person.sex",
    "person.pregnant", "caffeine_mg_last_24h", "alcohol_units_last_24h", "sleep_hours_last_night",
    "exertion_activity",
)  # fmt: skip


def ours(cases: list[dict[str, Any]], knowledge: Knowledge) -> tuple[Tally, float]:
    tally = Tally()
    start = time.perf_counter()
    for case in cases:
        score_case(case, knowledge, tally)
    return tally, (time.perf_counter() - start) / len(cases)


# --- baseline 1: the strict phrase reader -----------------------------------------------------

_CONTEXT = {
    ExposureType.CAFFEINE: "caffeine_mg_last_24h",
    ExposureType.ALCOHOL: "alcohol_units_last_24h",
    ExposureType.WATER: "water_ml_last_24h",
}


def phrase_reader_request(text: str, knowledge: Knowledge) -> AssessmentRequest | None:
    """The request the quick log's strict reader made possible: its episode and drinks."""
    read = read_phrases(text, NOW, knowledge)
    episode = next((p.entry for p in read.proposals if isinstance(p.entry, LoggedEpisode)), None)
    if episode is None:
        return None  # "nothing in it could be turned into an entry"
    fields = episode.model_dump(mode="json", exclude_defaults=True, exclude={"notes"})
    context: dict[str, float] = {}
    for proposal in read.proposals:
        entry = proposal.entry
        if isinstance(entry, Exposure) and entry.amount is not None:
            if entry.type in _CONTEXT:
                key = _CONTEXT[entry.type]
                context[key] = context.get(key, 0.0) + entry.amount
            elif entry.type is ExposureType.SLEEP:
                context["sleep_hours_last_night"] = entry.amount
    return AssessmentRequest.model_validate({"episode": fields, "context": context})


def baseline(cases: list[dict[str, Any]], knowledge: Knowledge) -> Counter[str]:
    counts: Counter[str] = Counter()
    for case in cases:
        request = phrase_reader_request(case["text"], knowledge)
        if request is None:
            counts["refused"] += 1
            continue
        level = assess(request, knowledge).triage.level
        low, high = TriageLevel(case["triage"]["min"]), TriageLevel(case["triage"]["max"])
        counts[
            "under" if level.rank < low.rank else "over" if level.rank > high.rank else "in"
        ] += 1
    return counts


# --- baseline 2: NegEx (negspacy) on the same mentions ----------------------------------------


def negation_comparison(cases: list[dict[str, Any]], knowledge: Knowledge) -> None:
    try:
        import spacy
        from negspacy.negation import Negex  # noqa: F401  (registers the "negex" factory)
    except ImportError:
        print("\nNegEx comparison skipped: pip install -e '.[negation-bench]' to run it")
        return
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("negex", config={"neg_termset": _termset()})
    normal = patterns(knowledge.words).normal
    engines: dict[str, dict[str, Counter[str]]] = {"ConText (ours)": {}, "NegEx (negspacy)": {}}
    seconds = {"ConText (ours)": 0.0, "NegEx (negspacy)": 0.0}
    for name in engines:
        engines[name] = {"right": Counter(), "expected": Counter(), "produced": Counter()}
    for case in cases:
        start = time.perf_counter()
        understood = understand(case["text"], NOW, knowledge)
        seconds["ConText (ours)"] += time.perf_counter() - start
        states_ours = _states((m.sign, m.status) for m in understood.mentions)
        start = time.perf_counter()
        states_negex = _negex_states(nlp, case["text"], understood.mentions, normal)
        seconds["NegEx (negspacy)"] += time.perf_counter() - start
        for name, states in (("ConText (ours)", states_ours), ("NegEx (negspacy)", states_negex)):
            _score(engines[name], case["expect"], states)
    print("\nNegation on the same sign mentions (sign level, over the corpus)")
    print(f"{'engine':<18} {'present P':>9} {'present R':>9} {'absent P':>9} {'absent R':>9}")
    for name, tally in engines.items():
        cells = []
        for key in ("symptoms", "symptoms_absent"):
            produced, expected = tally["produced"][key], tally["expected"][key]
            cells += [tally["right"][key] / produced if produced else 1.0,
                      tally["right"][key] / expected if expected else 1.0]  # fmt: skip
        print(f"{name:<18} " + " ".join(f"{c:9.3f}" for c in cells))
    ours_ms, negex_ms = (1000 * seconds[name] / len(cases) for name in engines)
    print(f"  time per text: ours {ours_ms:.2f} ms for the whole reading (every reader);")
    print(f"  NegEx {negex_ms:.2f} ms for the negation decision alone, on the mentions ours found")
    _startup()


def _termset() -> dict[str, list[str]]:
    from negspacy.termsets import termset

    return termset("en_clinical").get_patterns()


def _states(pairs: Any) -> dict[str, Status]:
    rank = {Status.ABSENT: 0, Status.UNCERTAIN: 1, Status.PRESENT: 2}
    states: dict[str, Status] = {}
    for sign, status in pairs:
        if sign.value not in states or rank[status] > rank[states[sign.value]]:
            states[sign.value] = status
    return states


def _negex_states(nlp: Any, text: str, mentions: Any, normal: Any) -> dict[str, Status]:
    from spacy.util import filter_spans

    doc = nlp.make_doc(text)
    spans, fixed = [], []
    low = text.lower()
    for mention in mentions:
        pattern = normal.get(mention.sign)
        if mention.status is Status.ABSENT and pattern and pattern.search(mention.quote.lower()):
            fixed.append((mention.sign, Status.ABSENT))  # "swallowing fine": not a negation
            continue
        at = low.find(mention.quote.lower())
        span = doc.char_span(at, at + len(mention.quote), label=mention.sign.value,
                             alignment_mode="expand") if at >= 0 else None  # fmt: skip
        if span is not None:
            spans.append(span)
    doc.ents = filter_spans(spans)
    for _, component in nlp.pipeline:
        doc = component(doc)
    judged = [(m.sign, Status.ABSENT if e._.negex else Status.PRESENT)
              for e in doc.ents for m in mentions if m.sign.value == e.label_]  # fmt: skip
    return _states([*fixed, *judged])


def _score(
    tally: dict[str, Counter[str]], expect: dict[str, Any], states: dict[str, Status]
) -> None:
    for key, status in (("symptoms", Status.PRESENT), ("symptoms_absent", Status.ABSENT)):
        want = set(expect.get(key, ()))
        got = {sign for sign, s in states.items() if s is status}
        tally["expected"][key] += len(want)
        tally["produced"][key] += len(got)
        tally["right"][key] += len(want & got)


def _median_run(code: str, python: str = sys.executable) -> float:
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([python, "-c", code], check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _startup() -> None:
    floor = _median_run("pass")
    negex = _median_run(
        "import spacy; from negspacy.negation import Negex; nlp = spacy.blank('en'); "
        "nlp.add_pipe('sentencizer'); nlp.add_pipe('negex'); nlp('no numbness in my leg')"
    )
    context = _median_run(
        "from datetime import datetime, timezone; from twitchwise.understanding import understand; "
        "understand('no numbness in my leg', datetime.now(timezone.utc))"
    )
    print("\nStart-up in a fresh process, one short text (median of 5, interpreter floor "
          f"{floor:.2f} s):")  # fmt: skip
    print(f"  spaCy blank + negspacy          {negex:.2f} s")
    print(f"  twitchwise.understanding, whole {context:.2f} s (every reader, not negation alone)")


# --- the report -------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--no-nlp", action="store_true", help="skip the NegEx comparison")
    args = parser.parse_args()
    knowledge = load_knowledge()
    cases = load(args.corpus)
    tally, per_text = ours(cases, knowledge)
    print(f"{len(cases)} descriptions from {args.corpus}")
    print(f"\n{'field':<26} {'precision':>9} {'recall':>7} {'expected':>8}")
    for field in FIELDS:
        if tally.expected[field] or tally.produced[field]:
            print(f"{field:<26} {tally.precision(field):9.3f} {tally.recall(field):7.3f} "
                  f"{tally.expected[field]:8d}")  # fmt: skip
    print(f"{'all fields':<26} {tally.precision():9.3f} {tally.recall():7.3f}")
    n = tally.cases
    triage = tally.triage
    print("\nTriage against the accepted range")
    print(f"{'reader':<34} {'in range':>9} {'under':>6} {'over':>5} {'refused':>8}")
    print(f"{'check --text (ours)':<34} {triage['in range'] / n:9.1%} {triage['under']:6d} "
          f"{triage['over']:5d} {0:8d}")  # fmt: skip
    old = baseline(cases, knowledge)
    print(f"{'strict phrase reader (before)':<34} {old['in'] / n:9.1%} {old['under']:6d} "
          f"{old['over']:5d} {old['refused']:8d}")  # fmt: skip
    ratio = (triage["in range"] / n) / (old["in"] / n) if old["in"] else float("inf")
    print(f"in range, ours / before: {ratio:.1f}x")
    print(f"cause families found: {tally.families_found} of {tally.families_expected}")
    print(f"time per text (read and assess, warm): {1000 * per_text:.1f} ms")
    for line in tally.under:
        print("UNDER", line)
    if not args.no_nlp:
        negation_comparison(cases, knowledge)


if __name__ == "__main__":
    main()
