"""The knowledge base as readable pages (causes, warning signs, prevention, medicines, sources).

Pure: the command line and the web pages render the same ``GuidePage`` objects.
"""

from __future__ import annotations

from dataclasses import dataclass

from twitchwise.domain.assessment import FamilyId, Person, TriageLevel
from twitchwise.domain.errors import InputError
from twitchwise.knowledge import Knowledge
from twitchwise.knowledge.model import Source


@dataclass(frozen=True)
class GuideSection:
    title: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    note: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class GuidePage:
    id: str
    title: str
    intro: str
    sections: tuple[GuideSection, ...]


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    summary: str


_GENERAL = (
    Topic(
        "causes", "Causes", "the everyday causes twitchwise weighs, and how good the evidence is"
    ),
    Topic("warning-signs", "When to be concerned", "the signs that need a doctor, and how soon"),
    Topic("prevention", "Prevention and self-care", "what helps, family by family"),
    Topic("medicines", "Medicines and supplements", "the drug classes twitchwise recognises"),
    Topic("sources", "Sources", "every source the knowledge base cites"),
)

_LEVEL_TITLES = {
    TriageLevel.EMERGENCY: "Call an ambulance",
    TriageLevel.URGENT: "See a doctor today",
    TriageLevel.SEE_DOCTOR: "Book a doctor's appointment",
}


# A family whose page is a general topic: medicines are listed once, on "medicines" (the
# family's explanation first, then the drug classes); `guide medications` finds it too.
_FAMILY_PAGES = {FamilyId.MEDICATIONS: "medicines"}


def topics(knowledge: Knowledge) -> tuple[Topic, ...]:
    """The general topics, then one per cause family (its id is the topic), each subject once."""
    families = tuple(
        Topic(family.id.value, family.name, family.short)
        for family in knowledge.families.values()
        if family.id not in _FAMILY_PAGES
    )
    return _GENERAL + families


def _unique(ids: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def _family_section(knowledge: Knowledge, family_id: FamilyId) -> GuideSection:
    family = knowledge.families[family_id]
    return GuideSection(
        title=family.name,
        paragraphs=(family.explanation,),
        note=f"Evidence: {family.evidence_grade.value}. {family.evidence_note}",
        sources=family.sources,
    )


def _advice_lines(knowledge: Knowledge, family: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    values = knowledge.values_for(Person())
    items = [item for item in knowledge.advice if item.family == family]
    texts = tuple(item.text.format_map(values) for item in items)
    return texts, _unique([source for item in items for source in item.sources])


def _causes(knowledge: Knowledge) -> GuidePage:
    return GuidePage(
        id="causes",
        title="Why muscles twitch or cramp: the everyday causes",
        intro="Usually more than one of these adds up. Each comes with how strong the evidence is.",
        sections=tuple(_family_section(knowledge, family) for family in knowledge.families),
    )


def _warning_signs(knowledge: Knowledge) -> GuidePage:
    sections = []
    for level in (TriageLevel.EMERGENCY, TriageLevel.URGENT, TriageLevel.SEE_DOCTOR):
        flags = [flag for flag in knowledge.flags if flag.level is level]
        sections.append(
            GuideSection(
                title=_LEVEL_TITLES[level],
                paragraphs=(knowledge.levels[level].action,),
                bullets=tuple(dict.fromkeys(flag.sign for flag in flags)),
                sources=_unique([s for flag in flags for s in flag.sources]),
            )
        )
    calm = knowledge.levels[TriageLevel.SELF_CARE]
    sections.append(
        GuideSection(
            title="Otherwise",
            paragraphs=(calm.reassurance or calm.action,),
            sources=calm.sources,
        )
    )
    return GuidePage(
        id="warning-signs",
        title="When to be concerned",
        intro="If you have any of these signs, the heading above it says how soon to get help.",
        sections=tuple(sections),
    )


def _prevention(knowledge: Knowledge) -> GuidePage:
    sections = []
    general, general_sources = _advice_lines(knowledge, "general")
    if general:
        sections.append(GuideSection("During a cramp", bullets=general, sources=general_sources))
    for family in knowledge.families.values():
        lines, sources = _advice_lines(knowledge, family.id)
        if lines:
            sections.append(GuideSection(family.name, bullets=lines, sources=sources))
    return GuidePage(
        id="prevention",
        title="Prevention and self-care",
        intro="What tends to help, grouped by cause. twitchwise check orders these for you.",
        sections=tuple(sections),
    )


def _medicines(knowledge: Knowledge) -> GuidePage:
    sections = []
    for drug_class in knowledge.drug_classes.values():
        examples = [
            drug.id + (f" ({', '.join(drug.brands)})" if drug.brands else "")
            for drug in knowledge.drugs.values()
            if drug_class.id in drug.classes
        ]
        family = knowledge.families[drug_class.family].name
        sections.append(
            GuideSection(
                title=drug_class.name[:1].upper() + drug_class.name[1:],
                paragraphs=(f"{drug_class.note[:1].upper()}{drug_class.note[1:]}.",),
                bullets=tuple(examples),
                note=f"Evidence: {drug_class.grade.value}. Counted under: {family.lower()}.",
                sources=drug_class.sources,
            )
        )
    advice, sources = _advice_lines(knowledge, FamilyId.MEDICATIONS)
    first = GuideSection("Before anything else", bullets=advice, sources=sources)
    return GuidePage(
        id="medicines",
        title="Medicines and supplements",
        intro="How medicines and supplements can cause twitches and cramps, and the drug classes "
        "twitchwise recognises by generic name, brand or class name.",
        sections=(_family_section(knowledge, FamilyId.MEDICATIONS), first, *sections),
    )


def reference(source: Source) -> str:
    """Who, what and when of a source, without its address (authors, publisher, title, year)."""
    authors = f"{source.authors.rstrip('.')}. " if source.authors else ""
    year = f" ({source.year})" if source.year else ""
    return f"{authors}{source.publisher}, {source.title}{year}."


def citation(source: Source) -> str:
    """One source as a line of text: its id, the reference, and where to read it (its
    publisher's address, or "on paper" with the reason)."""
    where = source.url if source.url else "On paper, not online."
    notes = f" {source.notes}" if source.notes else ""
    via = f" Read via {source.seen_via}." if source.seen_via else ""
    return f"{source.id}: {reference(source)} {where}{notes}{via}"


def _sources(knowledge: Knowledge) -> GuidePage:
    lines = tuple(citation(source) for source in knowledge.sources.values())
    return GuidePage(
        id="sources",
        title="Sources",
        intro=(
            "Each address is the publisher's own page (or the paper's DOI or PubMed record); "
            "a work with no free page is cited on paper. V1 sources were read in their original "
            "or a verbatim copy; V2 only as quoted."
        ),
        sections=(GuideSection("All sources", bullets=lines),),
    )


def _family(knowledge: Knowledge, family_id: FamilyId) -> GuidePage:
    family = knowledge.families[family_id]
    lines, sources = _advice_lines(knowledge, family_id)
    sections = [_family_section(knowledge, family_id)]
    if lines:
        sections.append(GuideSection("What helps", bullets=lines, sources=sources))
    return GuidePage(
        id=family_id.value, title=family.name, intro=family.short, sections=tuple(sections)
    )


def page(knowledge: Knowledge, topic: str) -> GuidePage:
    """The page for ``topic`` (see ``topics``); ``InputError`` names the choices otherwise."""
    key = topic.strip().lower().replace("_", "-")
    builders = {
        "causes": _causes,
        "warning-signs": _warning_signs,
        "prevention": _prevention,
        "medicines": _medicines,
        "sources": _sources,
    }
    if key in builders:
        return builders[key](knowledge)
    family_key = key.replace("-", "_")
    if family_key in FamilyId._value2member_map_:
        family = FamilyId(family_key)
        if family in _FAMILY_PAGES:
            return builders[_FAMILY_PAGES[family]](knowledge)
        return _family(knowledge, family)
    choices = ", ".join(t.id for t in topics(knowledge))
    raise InputError("topic", f"{topic!r} is not a guide topic; choose one of: {choices}")
