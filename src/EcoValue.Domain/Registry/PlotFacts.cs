using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoValue.Domain.Canonical;
using EcoValue.Domain.Records;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Registry;

/// <summary>A validated plot. <see cref="Polygon"/> is the GeoJSON Polygon geometry in canonical (RFC 8785) form.</summary>
public sealed record PlotFacts(string Name, string RegionCode, double AreaMu, double? Latitude, double? Longitude, string? Polygon)
{
    public const int MaxName = 200;

    /// <summary>Largest plot we accept, in 亩 (1 mu = 666.67 m²): 1,000,000 mu is about 667 km², larger than any farm.</summary>
    public const double MaxAreaMu = 1_000_000;

    public const int MaxPolygonPositions = 2_000;

    public static PlotFacts Validate(PlotInput? input)
    {
        var errors = new FieldErrors();
        if (input is null)
        {
            errors.Add(string.Empty, "required", "a plot object is required", "需要提供地块信息");
            errors.ThrowIfAny();
        }

        var name = TextRules.Required(errors, "name", input!.Name, MaxName);
        var region = ProducerFacts.Required(errors, "regionCode", input.RegionCode, s => Identifiers.RegionCode.Parse(s).Value);
        if (input.AreaMu is not { } area)
        {
            errors.Add("areaMu", "required", "is required (area in mu, 亩)", "必填（面积，单位：亩）");
        }
        else if (!(area > 0 && area <= MaxAreaMu))
        {
            errors.Add("areaMu", "out_of_range", $"must be more than 0 and at most {MaxAreaMu.ToString(CultureInfo.InvariantCulture)} mu", $"应大于 0 且不超过 {MaxAreaMu.ToString(CultureInfo.InvariantCulture)} 亩");
        }

        double? lat = null, lon = null;
        if (input.Location is { } p)
        {
            lat = Coordinate(errors, "location.latitude", p.Latitude, 90);
            lon = Coordinate(errors, "location.longitude", p.Longitude, 180);
        }

        string? polygon = null;
        if (input.Polygon is { ValueKind: not JsonValueKind.Null } geometry)
        {
            polygon = CheckPolygon(errors, geometry);
        }

        errors.ThrowIfAny();
        return new PlotFacts(name!, region!, input.AreaMu!.Value, lat, lon, polygon);
    }

    /// <summary>Public: name, region, area. Exact location and outline are private: one salted digest covers both.</summary>
    public JsonObject ToRecordData(string plotId, string producerId, string? supersedes) => RecordData.With(supersedes, new JsonObject
    {
        ["plot"] = plotId,
        ["producer"] = producerId,
        ["name"] = Name,
        ["regionCode"] = RegionCode,
        ["areaMu"] = AreaMu,
        ["geometry"] = Latitude is null && Polygon is null ? null : SaltedDigest.Commit(new JsonObject
        {
            ["latitude"] = Latitude, ["longitude"] = Longitude, ["polygon"] = Polygon is null ? null : JsonNode.Parse(Polygon),
        }).ToPublicJson(),
    });

    private static double? Coordinate(FieldErrors errors, string field, double? value, double limit)
    {
        if (value is not { } v)
        {
            errors.Add(field, "required", "is required when a location is given", "提供位置时必填");
            return null;
        }

        if (!(v >= -limit && v <= limit))
        {
            errors.Add(field, "out_of_range", $"must be between -{limit} and {limit} degrees", $"应在 -{limit} 到 {limit} 度之间");
            return null;
        }

        return v;
    }

    // GeoJSON (RFC 7946 §3.1.6): {"type":"Polygon","coordinates":[ring, ...]}, each ring >= 4 [lon, lat] positions, first == last.
    private static string? CheckPolygon(FieldErrors errors, JsonElement geometry)
    {
        const string Field = "polygon";
        if (geometry.ValueKind != JsonValueKind.Object
            || !geometry.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "Polygon"
            || !geometry.TryGetProperty("coordinates", out var rings) || rings.ValueKind != JsonValueKind.Array || rings.GetArrayLength() == 0)
        {
            errors.Add(Field, "polygon.shape", "must be a GeoJSON Polygon: {\"type\":\"Polygon\",\"coordinates\":[[[lon,lat],…]]}", "应为 GeoJSON Polygon：{\"type\":\"Polygon\",\"coordinates\":[[[经度,纬度],…]]}");
            return null;
        }

        var total = 0;
        var r = 0;
        foreach (var ring in rings.EnumerateArray())
        {
            var at = $"{Field}.coordinates[{r.ToString(CultureInfo.InvariantCulture)}]";
            if (ring.ValueKind != JsonValueKind.Array || ring.GetArrayLength() < 4)
            {
                errors.Add(at, "polygon.ring", "each ring needs at least 4 positions, the last equal to the first", "每个环至少 4 个点，且首尾相同");
                return null;
            }

            total += ring.GetArrayLength();
            if (total > MaxPolygonPositions)
            {
                errors.Add(Field, "polygon.too_many", $"at most {MaxPolygonPositions} positions", $"最多 {MaxPolygonPositions} 个点");
                return null;
            }

            var i = 0;
            foreach (var position in ring.EnumerateArray())
            {
                if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() != 2
                    || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number
                    || Math.Abs(position[0].GetDouble()) > 180 || Math.Abs(position[1].GetDouble()) > 90)
                {
                    errors.Add($"{at}[{i.ToString(CultureInfo.InvariantCulture)}]", "polygon.position", "must be [longitude, latitude] in degrees", "应为 [经度, 纬度]（度）");
                    return null;
                }

                i++;
            }

            var first = ring[0];
            var last = ring[ring.GetArrayLength() - 1];
            if (first[0].GetDouble() != last[0].GetDouble() || first[1].GetDouble() != last[1].GetDouble())
            {
                errors.Add(at, "polygon.not_closed", "the ring is not closed: its last position must equal its first", "环未闭合：最后一个点应与第一个点相同");
                return null;
            }

            r++;
        }

        return System.Text.Encoding.UTF8.GetString(Jcs.Canonicalize(geometry));
    }
}
