using System.Globalization;
using System.Text.Json;
using EcoValue.Certification.Evaluation;
using EcoValue.Data.Registry;

namespace EcoValue.Api.Features.Certification;

/// <summary>
/// Turns what the registry holds about a producer into the engine's evidence model (docs/certification.md, "The
/// evidence model"): plots with region and area; batches with category, harvest date and quantity; each
/// <c>input-applied</c> field event as an input application of its batch, dated on the local calendar day it
/// happened (its recorded offset); lab results with their analytes; evidence documents, and the carbon
/// declarations carbon-footprint reports carry. Nothing is dropped silently: an input recorded without an active
/// ingredient stays in with a null ingredient, so a criterion that needs it says the evidence is missing.
/// </summary>
public static class EvidenceMapper
{
    public static ProducerEvidence Map(ProducerEvidenceRows rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var batchPlots = rows.Batches.ToDictionary(b => b.Id, b => b.PlotId, StringComparer.Ordinal);
        return new ProducerEvidence
        {
            ProducerId = rows.Producer.Id,
            RegionCode = rows.Producer.RegionCode,
            Approved = rows.Producer.Status == "approved",
            Plots = [.. rows.Plots.Select(p => new PlotEvidence(p.Id, p.RegionCode, p.AreaMu))],
            Batches = [.. rows.Batches.Select(b => new BatchEvidence(b.Id, b.PlotId, b.Category, Day(b.HarvestDate), b.Quantity, b.Unit))],
            Inputs = [.. rows.InputEvents.Select(Input).OfType<InputApplication>()],
            LabResults = [.. rows.LabResults.Select(Lab).OfType<LabResultEvidence>()],
            Documents = [.. rows.Documents.Select(d => new EvidenceDocument(d.Kind, d.Id, d.BatchId, Day(d.IssuedOn), Day(d.ValidUntil)))],
            CarbonDeclarations = [.. rows.Documents
                .Where(d => d.CarbonCategory is not null && d.CarbonKgCo2ePerKg is not null)
                .Select(d => new CarbonDeclaration(d.CarbonCategory!, d.CarbonKgCo2ePerKg!.Value, Day(d.IssuedOn) ?? Day(d.CreatedAt[..10]), d.Title))],
        };
    }

    /// <summary>An input-applied event as an application to its batch, on the day it happened where it happened.</summary>
    private static InputApplication? Input(FieldEventRow e)
    {
        if (!DateTimeOffset.TryParse(e.OccurredAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return null;
        }

        // The offset the event was captured with ("+08:00"): the day is the one the farmer lived, not UTC's.
        var local = e.TimeZone.Length > 1 && TimeSpan.TryParse(e.TimeZone.AsSpan(1), CultureInfo.InvariantCulture, out var offset)
            ? at.ToOffset(e.TimeZone[0] == '-' ? offset.Negate() : offset)
            : at;
        using var details = JsonDocument.Parse(e.Details);
        var input = details.RootElement.TryGetProperty("input", out var i) && i.ValueKind == JsonValueKind.Object ? i : default;
        string? Text(string name) => input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        double? Number(string name) => input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        return new InputApplication(DateOnly.FromDateTime(local.DateTime), Text("product") ?? string.Empty, Text("activeIngredient"), BatchId: e.BatchId, Dose: Number("dose"), DoseUnit: Text("doseUnit"));
    }

    private static LabResultEvidence? Lab(LabResultRow r)
    {
        if (Day(r.SampleDate) is not { } sampled)
        {
            return null;
        }

        using var analytes = JsonDocument.Parse(r.Analytes);
        var values = new List<AnalyteValue>();
        foreach (var a in analytes.RootElement.EnumerateArray())
        {
            if (a.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                && a.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number
                && a.TryGetProperty("unit", out var u) && u.ValueKind == JsonValueKind.String)
            {
                values.Add(new AnalyteValue(n.GetString()!, v.GetDouble(), u.GetString()!));
            }
        }

        return new LabResultEvidence(r.Id, sampled, values, BatchId: r.BatchId);
    }

    private static DateOnly? Day(string? date) =>
        date is not null && DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
