"""The layer's schema as pydantic models, and ``validate_layer``.

docs/layer-schema.md describes the same fields for readers. Models forbid
unknown properties and run in pydantic strict mode (no "false" -> False or
"3" -> 3 coercion; JSON integers are accepted for floats), and dates must be
real calendar days, so a typo in a producer fails loudly at build time
instead of a feature silently vanishing from the map. The optional
``metadata`` member is checked when present. This module does no I/O.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from geo.errors import LayerValidationError

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def _real_day(value: str) -> str:
    # The pattern alone lets 2025-02-30 through; the map then drops the feature.
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a calendar date") from None
    return value


IsoDate = Annotated[str, Field(pattern=DATE_PATTERN), AfterValidator(_real_day)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class PointGeometry(_Strict):
    type: Literal["Point"]
    # A list, not a tuple: JSON arrays are lists and strict mode refuses list -> tuple.
    coordinates: list[float] = Field(min_length=2, max_length=2)

    @field_validator("coordinates")
    @classmethod
    def _in_wgs84(cls, value: list[float]) -> list[float]:
        lon, lat = value
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError(f"coordinates {value} are not WGS84 lon/lat")
        return value


class PolygonGeometry(_Strict):
    type: Literal["Polygon", "MultiPolygon"]
    coordinates: list[Any]


class EventProperties(_Strict):
    kind: Literal["event"]
    event_id: str
    event_date: IsoDate
    date_start: IsoDate
    date_end: IsoDate
    time_precision: int = Field(ge=1, le=4)
    date_text: str
    date_inferred: bool
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    location: str
    admin1: str
    country: str
    geonameid: int | None
    place_id: str
    geo_precision: int = Field(ge=1, le=3)
    fatalities: int | None
    casualties: int | None
    wounded: int | None = None
    prisoners: int | None = None
    troops: int | None
    area_km2: float | None
    claim_status: Literal["reported", "claimed", "disputed", "denied"]
    claimant: str
    historical: bool
    quote: str = Field(min_length=1)
    source_id: str
    source_ids: list[str] = Field(min_length=1)
    source_title: str
    source_date: IsoDate
    source_url: str
    notes: str
    also_reported: list[dict[str, str]]  # [{source_id, quote}] of merged duplicates
    control: Literal["", "taken", "held", "entered", "fighting", "withdrawn"] = ""  # what it says of control
    holder: Literal["", "Russia", "Ukraine"] = ""  # the side it says holds the place afterwards


class PlaceProperties(_Strict):
    kind: Literal["place"]
    name: str
    aliases: list[str]
    mentions: list[str]
    place_id: str
    geonameid: int | None
    country: str
    admin1: str
    feature: str
    precision_km: float = Field(ge=0)
    sources: list[str]


class ControlProperties(_Strict):
    kind: Literal["control"]
    control_id: str
    holder: str
    valid_from: IsoDate
    valid_to: IsoDate
    status: Literal["schematic", "reported", "claimed", "disputed", "assessed"]
    claim_status: str
    origin: Literal["schematic", "imported"]
    area_km2: float = Field(ge=0)
    reported_area_km2: float | None
    claimant: str
    source_ids: list[str]
    method: str
    quote: str


class ClaimProperties(_Strict):
    """One statement of the claims ledger (geo.ledger) about who controls a settlement."""

    kind: Literal["claim"]
    claim_id: str
    event_id: str  # the event it was read from (a merged event's reports share it)
    place: str
    place_id: str
    start: IsoDate
    end: IsoDate
    control: Literal["taken", "held", "entered", "fighting", "withdrawn"]
    holder: Literal["", "Russia", "Ukraine"]
    claimant: str
    side: str  # the claimant's side in data/sources.csv ('' when not listed)
    claimant_kind: str  # the claimant's kind there (ministry, tracker, ...)
    reliability: Literal["A", "B", "C", "D", "E", "F"]
    standing: Literal["confirmed", "claimed", "disputed", "reported"]
    credibility: int = Field(ge=1, le=6)
    basis: str
    status: Literal["reported", "claimed", "disputed", "denied"]
    source_id: str
    quote: str


class EventFeature(_Strict):
    type: Literal["Feature"]
    id: str
    geometry: PointGeometry
    properties: EventProperties


class PlaceFeature(_Strict):
    type: Literal["Feature"]
    id: str
    geometry: PointGeometry
    properties: PlaceProperties


class ControlFeature(_Strict):
    type: Literal["Feature"]
    id: str
    geometry: PolygonGeometry
    properties: ControlProperties


class ClaimFeature(_Strict):
    type: Literal["Feature"]
    id: str
    geometry: PointGeometry
    properties: ClaimProperties


_FEATURE_MODELS: dict[str, type[BaseModel]] = {
    "event": EventFeature,
    "place": PlaceFeature,
    "control": ControlFeature,
    "claim": ClaimFeature,
}
Feature = Union[EventFeature, PlaceFeature, ControlFeature, ClaimFeature]


class ArticleMeta(_Strict):
    source_id: str
    title: str
    outlet: str
    url: str
    published: IsoDate
    date_basis: Literal["provided", "stated", "inferred"]
    date_reason: str
    date_precision: int = Field(default=1, ge=1, le=4)
    file: str = ""


class SkippedMeta(_Strict):
    file: str
    reason: str


class UnresolvedMeta(_Strict):
    name: str
    source_id: str
    count: int = Field(ge=1)


class LayerMetadata(_Strict):
    # Extra keys allowed: exports add count/source_layer and stay readable as layers.
    model_config = ConfigDict(extra="allow", strict=True)

    generated_by: str = ""
    articles: list[ArticleMeta] = []
    skipped: list[SkippedMeta] = []
    unresolved: list[UnresolvedMeta] = []


def validate_layer(fc: dict, *, origin: str | Path = "layer") -> None:
    """Raise LayerValidationError naming ``origin`` unless ``fc`` fits the schema.

    Checks the collection shape, ``metadata`` when present, each feature
    against its ``kind``'s model, that control extents run forward in time,
    and that ids are unique. Any malformed structure (non-object feature,
    null properties, ...) is a LayerValidationError naming the feature index.
    """
    if not isinstance(fc, dict) or fc.get("type") != "FeatureCollection":
        raise LayerValidationError(origin, "not a GeoJSON FeatureCollection")
    features = fc.get("features")
    if not isinstance(features, list):
        raise LayerValidationError(origin, "'features' is not a list")
    if "metadata" in fc:
        _validate_metadata(fc["metadata"], origin=origin)
    seen: set[str] = set()
    for index, feature in enumerate(features):
        _validate_feature(feature, index=index, origin=origin)
        if feature["id"] in seen:
            raise LayerValidationError(origin, f"feature {index}: duplicate id {feature['id']!r}")
        seen.add(feature["id"])


def _validate_metadata(metadata: Any, *, origin: str | Path) -> None:
    try:
        LayerMetadata.model_validate(metadata)
    except ValidationError as exc:
        raise LayerValidationError(origin, f"metadata: {_first_error(exc)}") from None


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]


def _validate_feature(feature: Any, *, index: int, origin: str | Path) -> None:
    if not isinstance(feature, dict):
        raise LayerValidationError(origin, f"feature {index}: not a JSON object")
    props = feature.get("properties")
    if not isinstance(props, dict):
        raise LayerValidationError(origin, f"feature {index}: properties is not an object")
    if not isinstance(feature.get("geometry"), dict):
        raise LayerValidationError(origin, f"feature {index}: geometry is not an object")
    kind = props.get("kind")
    model = _FEATURE_MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        raise LayerValidationError(origin, f"feature {index}: properties.kind {kind!r} is not one of "
                                           f"{', '.join(_FEATURE_MODELS)}")
    try:
        model.model_validate(feature)
    except ValidationError as exc:
        raise LayerValidationError(origin, f"feature {index} ({kind}): {_first_error(exc)}") from None
    if kind == "control" and props["valid_from"] > props["valid_to"]:
        raise LayerValidationError(origin, f"feature {index}: valid_from is after valid_to")
    if kind == "event" and props["date_start"] > props["date_end"]:
        raise LayerValidationError(origin, f"feature {index}: date_start is after date_end")
    if kind == "claim" and props["start"] > props["end"]:
        raise LayerValidationError(origin, f"feature {index}: start is after end")
