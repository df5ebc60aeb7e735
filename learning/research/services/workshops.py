"""Workshops: the workshops that use an output as a reading, and the outputs a reading lesson
may point at."""

from __future__ import annotations

from dataclasses import dataclass

from learning.platform.slots import OUTPUT_USAGE
from learning.research.models import ResearchOutput
from learning.research.services.access import get_output


@dataclass
class WorkshopUse:
    """A workshop that uses an output as a reading."""

    title: str
    url: str


def workshops_using(output: ResearchOutput) -> list[WorkshopUse]:
    """The workshops that use ``output``, from the OUTPUT_USAGE slot (the workshops feature
    fills it with those whose reading lessons point at ``output``)."""
    return [use for provider in OUTPUT_USAGE.fillings() for use in provider(output)]


def readable_output(output_id: int) -> ResearchOutput | None:
    """For the workshops feature: a published output a reading lesson may point at."""
    output = get_output(output_id)
    return output if output is not None and output.state == "published" else None
