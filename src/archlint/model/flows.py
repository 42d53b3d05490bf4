"""Event flows: the architect's intended paths through the system, as directed steps."""

from enum import StrEnum
from typing import ClassVar, Literal

from pydantic import Field

from archlint.model.base import Component, Ref, StrictModel, empty_list
from archlint.model.types import Percentage


class StepKind(StrEnum):
    sync_call = "sync_call"
    publish = "publish"
    subscribe = "subscribe"
    consume = "consume"
    dead_letter = "dead_letter"
    forward = "forward"
    capture = "capture"
    replicate = "replicate"
    read = "read"
    write = "write"
    alert = "alert"
    invoke = "invoke"


class Actor(Component):
    """Something outside the architecture that takes part in a flow (a user, a partner API)."""

    kind: ClassVar[str] = "actor"
    title: ClassVar[str] = "actor"

    actor_kind: Literal["user", "external_system", "event_source", "operator"]


class FlowStep(StrictModel):
    source: Ref(allow_dlq=True) = Field(alias="from")
    target: Ref(allow_dlq=True) = Field(alias="to")
    kind: StepKind
    label: str | None = None


class Flow(StrictModel):
    id: str
    name: str
    flow_kind: Literal["synchronous", "asynchronous", "dead_letter", "orchestration"]
    critical: bool = False
    slo: Percentage | None = Field(
        default=None,
        description="Availability objective of the flow, e.g. '99.95%'. `archlint simulate` "
        "sets it against the flow's composite availability from published SLAs; RES090 "
        "reports an objective the design cannot reach.",
    )
    steps: list[FlowStep] = Field(min_length=1)


class Flows(StrictModel):
    actors: list[Actor] = Field(default_factory=empty_list)
    flows: list[Flow] = Field(default_factory=empty_list)
