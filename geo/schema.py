"""The layer's schema as pydantic models, and ``validate_layer``.

docs/layer-schema.md describes the same fields for readers. Models forbid
unknown properties, so a typo in a producer fails loudly at build time.
This module does no I/O.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from geo.errors import LayerValidationError

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PointGeometry(_Strict):
    type: Literal["Point"]
    coordinates: tuple[float, float]

    @field_validator("coordinates")
    @classmethod
    def _in_wgs84(cls, value: tuple[float, float]) -> tuple[float, float]:
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
    event_date: str = Field(pattern=DATE_PATTERN)
    date_start: str = Field(pattern=DATE_PATTERN)
    date_end: str = Field(pattern=DATE_PATTERN)
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
    troops: int | None
    area_km2: float | None
    claim_status: Literal["reported", "claimed", "disputed", "denied"]
    claimant: str
    historical: bool
    quote: str = Field(min_length=1)
    source_id: str
    source_ids: list[str] = Field(min_length=1)
    source_title: str
    source_date: str = Field(pattern=DATE_PATTERN)
    source_url: str
    notes: str
    also_reported: list[dict[str, str]]  # [{source_id, quote}] of merged duplicates


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
    valid_from: str = Field(pattern=DATE_PATTERN)
    valid_to: str = Field(pattern=DATE_PATTERN)
    status: Literal["schematic", "reported", "claimed", "disputed", "assessed"]
    claim_status: str
    origin: Literal["schematic", "imported"]
    area_km2: float = Field(ge=0)
    reported_area_km2: float | None
    claimant: str
    source_ids: list[str]
    method: str
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


_FEATURE_MODELS: dict[str, type[BaseModel]] = {
    "event": EventFeature,
    "place": PlaceFeature,
    "control": ControlFeature,
}
Feature = Union[EventFeature, PlaceFeature, ControlFeature]


def validate_layer(fc: dict, *, origin: str | Path = "layer") -> None:
    """Raise LayerValidationError naming ``origin`` unless ``fc`` fits the schema.

    Checks the collection shape, each feature against its ``kind``'s model,
    that control extents run forward in time, and that ids are unique.
    """
    if not isinstance(fc, dict) or fc.get("type") != "FeatureCollection":
        raise LayerValidationError(origin, "not a GeoJSON FeatureCollection")
    features = fc.get("features")
    if not isinstance(features, list):
        raise LayerValidationError(origin, "'features' is not a list")
    seen: set[str] = set()
    for index, feature in enumerate(features):
        _validate_feature(feature, index=index, origin=origin)
        if feature["id"] in seen:
            raise LayerValidationError(origin, f"feature {index}: duplicate id {feature['id']!r}")
        seen.add(feature["id"])


def _validate_feature(feature: Any, *, index: int, origin: str | Path) -> None:
    kind = feature.get("properties", {}).get("kind") if isinstance(feature, dict) else None
    model = _FEATURE_MODELS.get(kind or "")
    if model is None:
        raise LayerValidationError(origin, f"feature {index}: properties.kind {kind!r} is not event, place or control")
    try:
        model.model_validate(feature)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise LayerValidationError(origin, f"feature {index} ({kind}): {where}: {first['msg']}") from None
    props = feature["properties"]
    if kind == "control" and props["valid_from"] > props["valid_to"]:
        raise LayerValidationError(origin, f"feature {index}: valid_from is after valid_to")
    if kind == "event" and props["date_start"] > props["date_end"]:
        raise LayerValidationError(origin, f"feature {index}: date_start is after date_end")
