using EcoValue.Api.Features.Registry;
using System.Globalization;
using EcoValue.Data.Registry;
using EcoValue.Domain.Registry;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages;

/// <summary>
/// /portal/batches/{id}/lab-results/new: records a lab report (like POST /api/v1/batches/{id}/lab-results) with up to
/// <see cref="AnalyteRows"/> analytes; empty rows are skipped, and errors about the n-th analyte sent land on the row
/// it was typed in.
/// </summary>
public sealed class NewLabResultModel(RegistryRepository repo, RegistryWriter writer, TimeProvider time) : PortalPageModel
{
    public const int AnalyteRows = 5;

    private static readonly string[] AnalyteParts = ["name", "value", "unit"];

    public static readonly IReadOnlyDictionary<string, Text> Labels = BuildLabels();

    public override Text Title => PortalText.NewLabTitle;

    public BatchRow? Batch { get; private set; }

    public string BatchHref => Href("/portal/batches/" + Uri.EscapeDataString(Batch!.Id));

    public PortalForm Form { get; private set; } = null!;

    public static string Analyte(int row, string part) => $"analytes[{row.ToString(CultureInfo.InvariantCulture)}].{part}";

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        Form = new PortalForm(Zh, Labels);
        Batch = await FindAsync(id, ct);
        if (Batch is null)
        {
            return NotFoundPage();
        }

        Form["sampleDate"] = time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var i = 0; i < AnalyteRows; i++)
        {
            Form[Analyte(i, "unit")] = "mg/kg";
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        Form = PortalForm.From(await Request.ReadFormAsync(ct), Zh, Labels);
        Batch = await FindAsync(id, ct);
        if (Batch is null)
        {
            return NotFoundPage();
        }

        // A row counts when its name or value is filled (the unit comes pre-filled); rows[k] is the form row of analyte k.
        var rows = Enumerable.Range(0, AnalyteRows).Where(i => Form.AnyFilled(Analyte(i, "name"), Analyte(i, "value"))).ToList();
        var analytes = rows.Select(i => new AnalyteInput(Form.Text(Analyte(i, "name")), Form.Number(Analyte(i, "value")), Form.Text(Analyte(i, "unit")), null, null)).ToList();
        var input = new LabResultInput(Form.Text("lab"), Form.Text("reportNumber"), Form.Text("sampleDate"), analytes, Form.Text("reportFileHash"));
        try
        {
            var now = time.GetUtcNow();
            var facts = LabResultFacts.Validate(input, DateOnly.FromDateTime(now.UtcDateTime));
            if (!Form.HasErrors)
            {
                var batchId = Batch.Id;
                var row = await writer.AddLabResultAsync(batchId, Caller.Scope, facts, Caller.Actor, now, ct);
                return row is null ? NotFoundPage() : RedirectTo("/portal/batches/" + Uri.EscapeDataString(batchId), ("added", "true"));
            }
        }
        catch (DomainValidationException e)
        {
            Form.AddAll(e.Errors, field => ToFormRow(field, rows));
        }

        return Invalid();
    }

    /// <summary>"analytes[1].unit" about the second analyte sent becomes the field of the form row it came from.</summary>
    private static string ToFormRow(string field, List<int> rows)
    {
        const string Prefix = "analytes[";
        if (!field.StartsWith(Prefix, StringComparison.Ordinal) || field.IndexOf(']', StringComparison.Ordinal) is var end && end < 0)
        {
            return field;
        }

        return int.TryParse(field.AsSpan(Prefix.Length, end - Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k < rows.Count
            ? Prefix + rows[k].ToString(CultureInfo.InvariantCulture) + field[end..]
            : field;
    }

    private static Dictionary<string, Text> BuildLabels()
    {
        var labels = new Dictionary<string, Text>(StringComparer.Ordinal)
        {
            ["lab"] = PortalText.Lab,
            ["reportNumber"] = PortalText.ReportNumber,
            ["sampleDate"] = PortalText.SampleDate,
            ["reportFileHash"] = PortalText.ReportFileHash,
        };
        Text[] parts = [PortalText.AnalyteName, PortalText.AnalyteValue, PortalText.AnalyteUnit];
        for (var i = 0; i < AnalyteRows; i++)
        {
            var row = PortalText.AnalyteRow;
            for (var p = 0; p < AnalyteParts.Length; p++)
            {
                labels[Analyte(i, AnalyteParts[p])] = new Text(row.Format(false, i + 1) + ": " + parts[p].En, row.Format(true, i + 1) + "：" + parts[p].Zh);
            }
        }

        return labels;
    }

    private Task<BatchRow?> FindAsync(string id, CancellationToken ct) =>
        id is { Length: <= 64 } ? repo.GetBatchAsync(id, Caller.Scope, ct) : Task.FromResult<BatchRow?>(null);
}

