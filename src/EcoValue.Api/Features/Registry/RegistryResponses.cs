using System.Text.Json;
using EcoValue.Data.Registry;
using EcoValue.Domain.Identifiers;

namespace EcoValue.Api.Features.Registry;

// What the registry endpoints return. Every entry carries its version (also its ETag), the id of its newest record
// (GET /api/v1/records/{recordId}/proof proves it) and that record's anchoring status: pending or anchored.

public sealed record ListResponse<T>(IReadOnlyList<T> Items, string? Next);

public sealed record RegionName(string Code, string? Zh, string? En)
{
    public static RegionName Of(string code) =>
        RegionCode.TryParse(code, out var region) ? new(code, region.NameZh, region.NameEn) : new(code, null, null);
}

public sealed record ContactResponse(string? Name, string? Phone, string? Email);

public sealed record ProducerResponse(
    string Id, string Name, string CreditCode, RegionName Region, ContactResponse? Contact, string Status,
    long Version, string RecordId, string Anchoring, string CreatedAt, string UpdatedAt)
{
    public static ProducerResponse From(ProducerRow r) => new(
        r.Id, r.Name, r.CreditCode, RegionName.Of(r.RegionCode),
        r.ContactName is null && r.ContactPhone is null && r.ContactEmail is null ? null : new ContactResponse(r.ContactName, r.ContactPhone, r.ContactEmail),
        r.Status, r.Version, r.RecordId, r.AnchoringStatus, r.CreatedAt, r.UpdatedAt);
}

public sealed record LocationResponse(double Latitude, double Longitude);

public sealed record PlotResponse(
    string Id, string ProducerId, string Name, RegionName Region, double AreaMu, LocationResponse? Location, JsonElement? Polygon,
    long Version, string RecordId, string Anchoring, string CreatedAt, string UpdatedAt)
{
    public static PlotResponse From(PlotRow r) => new(
        r.Id, r.ProducerId, r.Name, RegionName.Of(r.RegionCode), r.AreaMu,
        r.Latitude is { } lat && r.Longitude is { } lon ? new LocationResponse(lat, lon) : null,
        r.Polygon is null ? null : Json(r.Polygon), r.Version, r.RecordId, r.AnchoringStatus, r.CreatedAt, r.UpdatedAt);

    internal static JsonElement Json(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}

public sealed record BatchResponse(
    string Id, string ProducerId, string PlotId, string Product, string Category, string Gtin, string Lot, string HarvestDate,
    double Quantity, string Unit, long Version, string RecordId, string Anchoring, string CreatedAt, string UpdatedAt)
{
    public static BatchResponse From(BatchRow r) => new(
        r.Id, r.ProducerId, r.PlotId, r.Product, r.Category, r.Gtin, r.Lot, r.HarvestDate, r.Quantity, r.Unit,
        r.Version, r.RecordId, r.AnchoringStatus, r.CreatedAt, r.UpdatedAt);
}

public sealed record FieldEventResponse(
    string Id, string BatchId, string Kind, string OccurredAt, string TimeZone, string? Place, string? RegionCode, string? Actor,
    JsonElement Details, string Source, string? EpcisEventId, long Version, string RecordId, string Anchoring, string CreatedAt, string UpdatedAt)
{
    public static FieldEventResponse From(FieldEventRow r) => new(
        r.Id, r.BatchId, r.Kind, r.OccurredAt, r.TimeZone, r.Place, r.RegionCode, r.ActorName, PlotResponse.Json(r.Details), r.Source,
        r.EpcisEventId, r.Version, r.RecordId, r.AnchoringStatus, r.CreatedAt, r.UpdatedAt);
}

public sealed record LabResultResponse(
    string Id, string BatchId, string Lab, string ReportNumber, string SampleDate, JsonElement Analytes, string? ReportFileHash,
    long Version, string RecordId, string Anchoring, string CreatedAt, string UpdatedAt)
{
    public static LabResultResponse From(LabResultRow r) => new(
        r.Id, r.BatchId, r.Lab, r.ReportNumber, r.SampleDate, PlotResponse.Json(r.Analytes), r.ReportFileHash,
        r.Version, r.RecordId, r.AnchoringStatus, r.CreatedAt, r.UpdatedAt);
}

public sealed record CarbonResponse(string Category, double KgCo2ePerKg, string? Basis);

public sealed record EvidenceResponse(
    string Id, string ProducerId, string? BatchId, string Kind, string Title, string? IssuedOn, string? ValidUntil, string? FileHash,
    CarbonResponse? Carbon, long Version, string RecordId, string Anchoring, string CreatedAt, string UpdatedAt)
{
    public static EvidenceResponse From(EvidenceRow r) => new(
        r.Id, r.ProducerId, r.BatchId, r.Kind, r.Title, r.IssuedOn, r.ValidUntil, r.FileHash,
        r.CarbonCategory is { } c && r.CarbonKgCo2ePerKg is { } v ? new CarbonResponse(c, v, r.CarbonBasis) : null,
        r.Version, r.RecordId, r.AnchoringStatus, r.CreatedAt, r.UpdatedAt);
}
