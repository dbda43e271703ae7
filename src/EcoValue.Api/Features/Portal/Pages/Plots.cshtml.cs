using EcoValue.Api.Features.Registry;
using EcoValue.Data.Registry;
using EcoValue.Domain.Registry;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages;

/// <summary>/portal/plots: the producer's plots (paged) and a form to add one (like POST /api/v1/producers/{id}/plots).</summary>
public sealed class PlotsModel(RegistryRepository repo, RegistryWriter writer, TimeProvider time) : PortalPageModel
{
    public const int PageSize = 50;

    public static readonly IReadOnlyDictionary<string, Text> Labels = new Dictionary<string, Text>(StringComparer.Ordinal)
    {
        ["name"] = PortalText.PlotName,
        ["regionCode"] = PortalText.Region,
        ["areaMu"] = PortalText.AreaMu,
        ["location.latitude"] = PortalText.Latitude,
        ["location.longitude"] = PortalText.Longitude,
    };

    public override Text Title => PortalText.PlotsTitle;

    public ProducerRow? Producer { get; private set; }

    public ProducerPicker? Picker { get; private set; }

    public Page<PlotRow> Plots { get; private set; } = new([], null);

    public PortalForm Form { get; private set; } = null!;

    public string? After { get; private set; }

    public bool Added { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? after, bool added, CancellationToken ct)
    {
        Form = new PortalForm(Zh, Labels);
        if (ProducerId is null)
        {
            Picker = Caller.IsAdmin ? await ProducerPicker.LoadAsync(repo, "/portal/plots", Zh, after, ct) : null;
            return Page();
        }

        if (!await LoadAsync(after, ct))
        {
            return NotFoundPage();
        }

        Added = added;
        Form["regionCode"] = Producer!.RegionCode;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Form = PortalForm.From(await Request.ReadFormAsync(ct), Zh, Labels);
        if (ProducerId is not { } producerId || !await LoadAsync(null, ct))
        {
            return NotFoundPage();
        }

        var (lat, lon) = (Form.Number("location.latitude"), Form.Number("location.longitude"));
        var location = Form.AnyFilled("location.latitude", "location.longitude") ? new GeoPointInput(lat, lon) : null;
        var input = new PlotInput(Form.Text("name"), Form.Text("regionCode"), Form.Number("areaMu"), location, null);
        try
        {
            var facts = PlotFacts.Validate(input);
            if (!Form.HasErrors)
            {
                var now = time.GetUtcNow();
                var row = await writer.AddPlotAsync(producerId, Caller.Scope, facts, Caller.Actor, now, ct);
                return row is null ? NotFoundPage() : RedirectTo("/portal/plots", ("added", "true"));
            }
        }
        catch (DomainValidationException e)
        {
            Form.AddAll(e.Errors);
        }

        return Invalid();
    }

    private async Task<bool> LoadAsync(string? after, CancellationToken ct)
    {
        Producer = await repo.GetProducerAsync(ProducerId!, Caller.Scope, ct);
        if (Producer is null)
        {
            return false;
        }

        After = after is { Length: <= 64 } ? after : null;
        Plots = await repo.ListPlotsAsync(Producer.Id, null, null, After, PageSize, ct);
        return true;
    }
}
