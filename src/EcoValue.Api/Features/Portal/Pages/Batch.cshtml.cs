using System.Text.Json;
using System.Text.Json.Nodes;
using EcoValue.Data.Registry;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages;

/// <summary>The kind-specific facts of a field event, as text for the page.</summary>
public sealed record EventDetails(string? Product, string? Ingredient, string? Dose, string? DoseUnit, string? Target, string? Quantity, string? Unit, string? Notes);

/// <summary>One measured analyte, as text for the page.</summary>
public sealed record AnalyteLine(string Name, string Value, string Unit);

/// <summary>
/// GET /portal/batches/{id}: a batch's facts, its field events in order, its lab results, and every entry's anchoring
/// state with its record id and proof link. Another producer's batch is "not found". While anything is pending the
/// page reloads itself (a meta refresh: no script needed), so "anchored" appears once the worker confirms the root.
/// </summary>
public sealed class BatchModel(RegistryRepository repo) : PortalPageModel
{
    public const int MaxEntries = RegistryRepository.MaxPageSize;

    public const int RefreshSeconds = 5;

    public override Text Title => PortalText.KindBatch;

    public BatchRow? Batch { get; private set; }

    public PlotRow? Plot { get; private set; }

    public string? ProducerName { get; private set; }

    public Page<FieldEventRow> Events { get; private set; } = new([], null);

    public Page<LabResultRow> LabResults { get; private set; } = new([], null);

    public bool AddedNotice { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, bool added, CancellationToken ct)
    {
        Batch = id is { Length: <= 64 } ? await repo.GetBatchAsync(id, Caller.Scope, ct) : null;
        if (Batch is null)
        {
            return NotFoundPage();
        }

        Plot = await repo.GetPlotAsync(Batch.PlotId, Caller.Scope, ct);
        ProducerName = Caller.IsAdmin ? (await repo.GetProducerAsync(Batch.ProducerId, Caller.Scope, ct))?.Name : null;
        Events = await repo.ListEventsAsync(Batch.Id, null, null, null, null, MaxEntries, ct);
        LabResults = await repo.ListLabResultsAsync(Batch.Id, null, null, null, MaxEntries, ct);
        AddedNotice = added;
        var pending = Batch.AnchoringStatus != "anchored"
            || Events.Items.Any(e => e.AnchoringStatus != "anchored")
            || LabResults.Items.Any(r => r.AnchoringStatus != "anchored");
        AutoRefreshSeconds = pending ? RefreshSeconds : null;
        return Page();
    }

    public static EventDetails Details(FieldEventRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var details = JsonNode.Parse(row.Details) as JsonObject ?? [];
        var input = details["input"] as JsonObject;
        return new EventDetails(
            Str(input?["product"]), Str(input?["activeIngredient"]), Str(input?["dose"]), Str(input?["doseUnit"]), Str(input?["target"]),
            Str(details["quantity"]), Str(details["unit"]), Str(details["notes"]));
    }

    public static IEnumerable<AnalyteLine> Analytes(LabResultRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (JsonNode.Parse(row.Analytes) is not JsonArray list)
        {
            yield break;
        }

        foreach (var a in list.OfType<JsonObject>())
        {
            yield return new AnalyteLine(Str(a["name"]) ?? string.Empty, Str(a["value"]) ?? string.Empty, Str(a["unit"]) ?? string.Empty);
        }
    }

    private static string? Str(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => PortalFormat.Number(v.GetValue<double>()),
        _ => node.ToJsonString(),
    };
}
