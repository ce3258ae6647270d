"""In-process assessment time: median and 95th percentile of `assess()` per call.

Target (issue 2): median under 1 ms. Run: .venv/bin/python benchmarks/assess_time.py
The corpus is the bundled example plus seeded random valid requests, so runs are comparable.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path
from typing import Any

from twitchwise import assess, load_knowledge, parse_request
from twitchwise.domain.assessment import AssessmentRequest
from twitchwise.domain.episodes import BodySite, EpisodeContext, EpisodeKind, Symptom

TARGET_MS = 1.0
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "after-sex.json"
MEDICINES = ["furosemide", "Lasix", "sertraline", "omeprazole", "Ventolin", "vitamin B6", "zorblax"]


def random_request(rng: random.Random) -> dict[str, Any]:
    episode: dict[str, Any] = {
        "kind": rng.choice(list(EpisodeKind)).value,
        "body_sites": [s.value for s in rng.sample(list(BodySite), rng.randint(0, 3))],
        "context": rng.choice(list(EpisodeContext)).value,
        "duration_minutes": rng.uniform(0, 30),
        "intensity": rng.randint(0, 10),
        "persisting_days": rng.randint(0, 30),
        "symptoms": [s.value for s in rng.sample(list(Symptom), rng.choice([0, 0, 0, 1, 2]))],
    }
    context: dict[str, Any] = {
        "sleep_hours_last_night": rng.uniform(3, 9),
        "caffeine_mg_last_24h": rng.uniform(0, 800),
        "water_ml_last_24h": rng.uniform(500, 3000),
        "stress_0_10": rng.randint(0, 10),
        "medications": [
            {"name": name, "dose_mg_per_day": rng.uniform(1, 300)}
            for name in rng.sample(MEDICINES, rng.randint(0, 3))
        ],
    }
    person = {"age_years": rng.randint(16, 90), "sex": rng.choice(["female", "male"])}
    return {"person": person, "episode": episode, "context": context}


def timings_ms(requests: list[AssessmentRequest], rounds: int) -> list[float]:
    knowledge = load_knowledge()
    for request in requests:  # warm-up: every code path once
        assess(request, knowledge)
    samples = []
    for _ in range(rounds):
        for request in requests:
            start = time.perf_counter_ns()
            assess(request, knowledge)
            samples.append((time.perf_counter_ns() - start) / 1e6)
    return samples


def report(name: str, samples: list[float]) -> None:
    median = statistics.median(samples)
    p95 = statistics.quantiles(samples, n=20)[-1]
    print(
        f"{name:<34} median {median:.3f} ms   p95 {p95:.3f} ms   "
        f"target {TARGET_MS:.0f} ms / median = {TARGET_MS / median:.1f}x   (n={len(samples)})"
    )


def main() -> None:
    rng = random.Random(2026)  # noqa: S311 - a repeatable corpus, not a secret
    example = parse_request(EXAMPLE.read_text(encoding="utf-8"))
    corpus = [parse_request(random_request(rng)) for _ in range(200)]
    report("examples/after-sex.json", timings_ms([example], rounds=2000))
    report("200 seeded random requests", timings_ms(corpus, rounds=10))
    load_knowledge.cache_clear()
    start = time.perf_counter()
    load_knowledge()
    elapsed_ms = 1000 * (time.perf_counter() - start)
    print(f"{'loading + validating the knowledge':<34} {elapsed_ms:.1f} ms (once per process)")


if __name__ == "__main__":
    main()
