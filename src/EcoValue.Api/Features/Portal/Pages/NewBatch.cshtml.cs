using EcoValue.Api.Features.Registry;
using System.Globalization;
using EcoValue.Data.Registry;
using EcoValue.Domain.Registry;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages;

/// <summary>/portal/batches/new: registers a harvest batch from one of the producer's plots (like POST /api/v1/batches).</summary>
public sealed class NewBatchModel(RegistryRepository repo, RegistryWriter writer, TimeProvider time) : PortalPageModel
{
    public static readonly IReadOnlyDictionary<string, Text> Labels = new Dictionary<string, Text>(StringComparer.Ordinal)
    {
        ["plotId"] = PortalText.Plot,
        ["product"] = PortalText.Product,
        ["category"] = PortalText.Category,
        ["gtin"] = PortalText.Gtin,
        ["lot"] = PortalText.Lot,
        ["harvestDate"] = PortalText.HarvestDate,
        ["quantity"] = PortalText.Quantity,
        ["unit"] = PortalText.Unit,
    };

    public override Text Title => PortalText.NewBatchTitle;

    public ProducerRow? Producer { get; private set; }

    public ProducerPicker? Picker { get; private set; }

    public IReadOnlyList<Choice> PlotChoices { get; private set; } = [];

    public IReadOnlyList<Choice> UnitChoices { get; } = [.. BatchFacts.Units.Select(u => new Choice(u, u))];

    public PortalForm Form { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? plotId, string? after, CancellationToken ct)
    {
        Form = new PortalForm(Zh, Labels);
        if (ProducerId is null)
        {
            Picker = Caller.IsAdmin ? await ProducerPicker.LoadAsync(repo, "/portal/batches/new", Zh, after, ct) : null;
            return Page();
        }

        if (!await LoadAsync(ct))
        {
            return NotFoundPage();
        }

        Form["plotId"] = plotId ?? string.Empty;
        Form["harvestDate"] = DateOnly.FromDateTime(Today()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Form["unit"] = "kg";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Form = PortalForm.From(await Request.ReadFormAsync(ct), Zh, Labels);
        if (ProducerId is not { } producerId || !await LoadAsync(ct))
        {
            return NotFoundPage();
        }

        var input = new BatchInput(Form.Text("product"), Form.Text("category"), Form.Text("gtin"), Form.Text("lot"), Form.Text("plotId"),
            Form.Text("harvestDate"), Form.Number("quantity"), Form.Text("unit"));
        try
        {
            var now = time.GetUtcNow();
            var facts = BatchFacts.Validate(input, DateOnly.FromDateTime(now.UtcDateTime));
            if (!Form.HasErrors)
            {
                var row = await writer.AddBatchAsync(producerId, facts, Caller.Actor, now, ct);
                return RedirectTo("/portal/batches/" + Uri.EscapeDataString(row.Id));
            }
        }
        catch (DomainValidationException e)
        {
            Form.AddAll(e.Errors);
        }
        catch (RegistryConflictException e) when (e.What == "gtin_lot")
        {
            Form.Add("lot", PortalText.GtinLotTaken);
        }

        return Invalid();
    }

    private DateTime Today() => time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime;

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Producer = await repo.GetProducerAsync(ProducerId!, Caller.Scope, ct);
        if (Producer is null)
        {
            return false;
        }

        var plots = await repo.ListPlotsAsync(Producer.Id, null, null, null, RegistryRepository.MaxPageSize, ct);
        PlotChoices = [new Choice(string.Empty, L(PortalText.ChoosePlot)), .. plots.Items.Select(p => new Choice(p.Id, $"{p.Name} ({PortalFormat.Number(p.AreaMu)} {L(PortalText.Mu)})"))];
        return true;
    }
}
