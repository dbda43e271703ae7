using EcoValue.Api.Features.Registry;
using System.Globalization;
using EcoValue.Data.Registry;
using EcoValue.Domain.Registry;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages;

/// <summary>
/// /portal/batches/{id}/events/new: records a field event (like POST /api/v1/batches/{id}/events). The input-applied
/// fields are always on the form (no script needed) with a note that only that kind uses them; the domain refuses
/// them on any other kind, and the form shows why.
/// </summary>
public sealed class NewEventModel(RegistryRepository repo, RegistryWriter writer, TimeProvider time) : PortalPageModel
{
    public static readonly IReadOnlyDictionary<string, Text> Labels = new Dictionary<string, Text>(StringComparer.Ordinal)
    {
        ["kind"] = PortalText.EventKind,
        ["occurredAt"] = PortalText.OccurredAt,
        ["occurredAtZone"] = PortalText.TimeZone,
        ["place"] = PortalText.Place,
        ["regionCode"] = PortalText.EventRegion,
        ["actor"] = PortalText.Actor,
        ["input.product"] = PortalText.InputProduct,
        ["input.activeIngredient"] = PortalText.ActiveIngredient,
        ["input.dose"] = PortalText.Dose,
        ["input.doseUnit"] = PortalText.DoseUnit,
        ["input.target"] = PortalText.Target,
        ["quantity"] = PortalText.EventQuantity,
        ["unit"] = PortalText.EventUnit,
        ["notes"] = PortalText.Notes,
    };

    private static readonly string[] InputFields = ["input.product", "input.activeIngredient", "input.dose", "input.doseUnit", "input.target"];

    public override Text Title => PortalText.NewEventTitle;

    public BatchRow? Batch { get; private set; }

    public string BatchHref => Href("/portal/batches/" + Uri.EscapeDataString(Batch!.Id));

    public PortalForm Form { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        Form = new PortalForm(Zh, Labels);
        Batch = await FindAsync(id, ct);
        if (Batch is null)
        {
            return NotFoundPage();
        }

        var now = time.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
        Form["kind"] = "harvest";
        Form["occurredAt"] = now.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        Form["occurredAtZone"] = "+08:00";
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

        var kind = Form.Text("kind");
        var input = kind == "input-applied" || Form.AnyFilled(InputFields)
            ? new InputAppliedInput(Form.Text("input.product"), Form.Text("input.activeIngredient"), Form.Number("input.dose"), Form.Text("input.doseUnit"), Form.Text("input.target"))
            : null;
        var posted = new FieldEventInput(kind, Time(Form.Text("occurredAt"), Form.Text("occurredAtZone")), Form.Text("place"), Form.Text("regionCode"),
            Form.Text("actor"), input, Form.Number("quantity"), Form.Text("unit"), Form.Text("notes"));
        try
        {
            var now = time.GetUtcNow();
            var facts = FieldEventFacts.Validate(posted, now);
            if (!Form.HasErrors)
            {
                var batchId = Batch.Id;
                var row = await writer.AddEventAsync(batchId, Caller.Scope, facts, Caller.Actor, now, ct);
                return row is null ? NotFoundPage() : RedirectTo("/portal/batches/" + Uri.EscapeDataString(batchId), ("added", "true"));
            }
        }
        catch (DomainValidationException e)
        {
            Form.AddAll(e.Errors);
        }

        return Invalid();
    }

    /// <summary>
    /// A datetime-local value (2026-03-02T08:30) plus the chosen offset as RFC 3339 (2026-03-02T08:30:00+08:00); a
    /// value that already names its offset is taken as typed. Whatever is malformed, the domain says so.
    /// </summary>
    public static string? Time(string? local, string? zone)
    {
        if (local is null)
        {
            return null;
        }

        var t = local.Trim().Replace(' ', 'T');
        if (t.EndsWith('Z') || t.Length > 6 && t[^6] is '+' or '-')
        {
            return t;
        }

        return (t.Length == 16 ? t + ":00" : t) + (PortalFormat.TryParseOffset(zone, out _) ? zone : "+08:00");
    }

    private Task<BatchRow?> FindAsync(string id, CancellationToken ct) =>
        id is { Length: <= 64 } ? repo.GetBatchAsync(id, Caller.Scope, ct) : Task.FromResult<BatchRow?>(null);
}
