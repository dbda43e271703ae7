using System.Text.Json;

namespace EcoValue.Domain.Registry;

// What clients send to create or correct registry entries (JSON bodies of the API and the portal's forms). Every
// member is nullable so that a missing field becomes a precise field error rather than a deserialisation failure;
// the *Facts types are the validated forms.

/// <summary>A producer's contact: private (only a salted digest enters the public record).</summary>
public sealed record ContactInput(string? Name, string? Phone, string? Email);

/// <summary>A producer (farm, cooperative, company): name, 统一社会信用代码, GB/T 2260 region, contact.</summary>
public sealed record ProducerInput(string? Name, string? CreditCode, string? RegionCode, ContactInput? Contact);

/// <summary>A WGS 84 point (degrees).</summary>
public sealed record GeoPointInput(double? Latitude, double? Longitude);

/// <summary>A plot of land: name, region, area in 亩 (mu), optional point and GeoJSON polygon (both private).</summary>
public sealed record PlotInput(string? Name, string? RegionCode, double? AreaMu, GeoPointInput? Location, JsonElement? Polygon);

/// <summary>A harvest batch: what, which category, GTIN + lot (its Digital Link), from which plot, when, how much.</summary>
public sealed record BatchInput(string? Product, string? Category, string? Gtin, string? Lot, string? PlotId, string? HarvestDate, double? Quantity, string? Unit);

/// <summary>What was applied to the field (fertiliser, pesticide, …): product, active ingredient, dose.</summary>
public sealed record InputAppliedInput(string? Product, string? ActiveIngredient, double? Dose, string? DoseUnit, string? Target);

/// <summary>Something that happened to a batch: when (RFC 3339 with offset), where, by whom, and kind-specific facts.</summary>
public sealed record FieldEventInput(
    string? Kind,
    string? OccurredAt,
    string? Place,
    string? RegionCode,
    string? Actor,
    InputAppliedInput? Input,
    double? Quantity,
    string? Unit,
    string? Notes);

/// <summary>One measured analyte: name, value, unit, and optionally the lab's limit of detection and method.</summary>
public sealed record AnalyteInput(string? Name, double? Value, string? Unit, double? DetectionLimit, string? Method);

/// <summary>A lab report for a batch: lab, report number, sample date, analytes, and the report file's hash (private).</summary>
public sealed record LabResultInput(string? Lab, string? ReportNumber, string? SampleDate, IReadOnlyList<AnalyteInput>? Analytes, string? ReportFileHash);
