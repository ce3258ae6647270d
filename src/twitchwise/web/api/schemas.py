"""API models named as the resources: ``EpisodeCreate`` / ``EpisodeUpdate`` / ``EpisodeOut``...

Create and Out are the domain's own models (one definition of what an entry is); an Update has
every field optional, and the journal validates the entry it would make, so a PATCH is checked
exactly like a POST.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, create_model

from twitchwise.domain.exposures import Exposure
from twitchwise.domain.journal import (
    CourseEntry,
    DoctorVisit,
    EpisodeEntry,
    ExposureEntry,
    LoggedEpisode,
    MedicationCourse,
    VisitEntry,
)


def partial(model: type[BaseModel], name: str) -> type[BaseModel]:
    # Not sent: unchanged. Sent as null: cleared, which only an optional field can be.
    # The field's constraints and validators (its metadata) come along: a PATCH is read as
    # strictly as a POST.
    fields: dict[str, Any] = {
        field_name: (
            Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation,
            None,
        )
        for field_name, info in model.model_fields.items()
    }
    config = ConfigDict(extra="forbid")
    updated: type[BaseModel] = create_model(name, __config__=config, **fields)
    updated.__doc__ = f"Fields of {model.__name__} to change; the others keep their values."
    return updated


EpisodeCreate = LoggedEpisode
EpisodeOut = EpisodeEntry
EpisodeUpdate = partial(LoggedEpisode, "EpisodeUpdate")
ExposureCreate = Exposure
ExposureOut = ExposureEntry
ExposureUpdate = partial(Exposure, "ExposureUpdate")
MedicationCreate = MedicationCourse
MedicationOut = CourseEntry
MedicationUpdate = partial(MedicationCourse, "MedicationUpdate")
VisitCreate = DoctorVisit
VisitOut = VisitEntry
VisitUpdate = partial(DoctorVisit, "VisitUpdate")
