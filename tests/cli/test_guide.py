"""`twitchwise guide`: every topic renders with its sources; a wrong topic says what exists."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from twitchwise.cli import app
from twitchwise.domain.assessment import FamilyId
from twitchwise.guide import page, topics
from twitchwise.knowledge import Knowledge

runner = CliRunner()


def test_without_a_topic_the_topics_are_listed(knowledge: Knowledge) -> None:
    result = runner.invoke(app, ["guide"])
    assert result.exit_code == 0, result.output
    for topic in topics(knowledge):
        assert topic.id in result.output


@pytest.mark.parametrize(
    "topic",
    [
        "causes",
        "warning-signs",
        "prevention",
        "medicines",
        "sources",
        "sleep",
        "hydration_electrolytes",
    ],
)
def test_each_topic_renders_with_sources(topic: str) -> None:
    result = runner.invoke(app, ["guide", topic], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "Sources" in result.output or topic == "sources"


def test_warning_signs_go_from_ambulance_to_appointment() -> None:
    output = runner.invoke(app, ["guide", "warning-signs"], env={"COLUMNS": "120"}).output
    assert output.index("Call an ambulance") < output.index("See a doctor today")
    assert output.index("See a doctor today") < output.index("Book a doctor's appointment")
    assert "Fever with a stiff neck" in output
    assert "A cramp lasting more than 10 minutes" in output


def test_an_unknown_topic_exits_1_with_the_choices() -> None:
    result = runner.invoke(app, ["guide", "astrology"])
    assert result.exit_code == 1
    assert "Error: topic: 'astrology' is not a guide topic; choose one of: causes" in result.output


def test_every_page_cites_only_known_sources(knowledge: Knowledge) -> None:
    for topic in topics(knowledge):
        for section in page(knowledge, topic.id).sections:
            assert all(source in knowledge.sources for source in section.sources)


def test_the_causes_page_states_the_evidence_grade_of_each_family(knowledge: Knowledge) -> None:
    causes = page(knowledge, "causes")
    assert len(causes.sections) == 7
    assert all(s.note and s.note.startswith("Evidence: ") for s in causes.sections)


def test_family_pages_accept_dashes_or_underscores(knowledge: Knowledge) -> None:
    assert page(knowledge, "hydration-electrolytes") == page(knowledge, "hydration_electrolytes")


def test_the_sources_page_gives_each_publishers_address_whole(knowledge: Knowledge) -> None:
    """Each address on one line, unbroken even in a narrow terminal, so it can be followed."""
    output = runner.invoke(app, ["guide", "sources"], env={"COLUMNS": "60"}).output
    for source in knowledge.sources.values():
        line = next(line for line in output.splitlines() if line.startswith(f"- {source.id}:"))
        if source.url:
            assert source.url in line, source.id
        else:
            assert "On paper, not online." in line, source.id
    addresses = re.findall(r"https?://\S+", output)
    assert len(addresses) == sum(1 for s in knowledge.sources.values() if s.url)
    for copy in ("kxly.com", "doctoori.net", "47.251.13.51", "staging", "azurewebsites"):
        assert not [a for a in addresses if copy in a]


def test_medicines_are_listed_once_and_found_by_either_name(knowledge: Knowledge) -> None:
    titles = [topic.title for topic in topics(knowledge)]
    assert titles.count("Medicines and supplements") == 1
    assert len(titles) == len(set(titles))
    medicines = page(knowledge, "medicines")
    assert page(knowledge, "medications") == medicines
    family = knowledge.families[FamilyId.MEDICATIONS]
    assert medicines.sections[0].paragraphs == (family.explanation,)
    listed = runner.invoke(app, ["guide"], env={"COLUMNS": "120"}).output
    assert listed.count("Medicines and supplements") == 1
