using EcoValue.Data.Registry;
using EcoValue.Domain.Identifiers;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages;

/// <summary>
/// GET /portal/batches: the caller's batches (an admin: every producer's, or the chosen one's), filtered by product
/// text, category, plot and harvest dates, paged by cursor like GET /api/v1/batches.
/// </summary>
public sealed class BatchesModel(RegistryRepository repo) : PortalPageModel
{
    public const int PageSize = 20;

    public static readonly IReadOnlyDictionary<string, Text> Labels = new Dictionary<string, Text>(StringComparer.Ordinal)
    {
        ["q"] = PortalText.SearchProduct,
        ["category"] = PortalText.Category,
        ["plotId"] = PortalText.Plot,
        ["from"] = PortalText.HarvestedFrom,
        ["to"] = PortalText.HarvestedTo,
    };

    private Dictionary<string, string> _plotNames = new(StringComparer.Ordinal);

    public override Text Title => PortalText.BatchesTitle;

    public ProducerRow? Producer { get; private set; }

    public PortalForm Filter { get; private set; } = null!;

    public bool Filtered { get; private set; }

    public IReadOnlyList<Choice>? PlotChoices { get; private set; }

    public Page<BatchRow> Batches { get; private set; } = new([], null);

    public string? After { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? q, string? category, string? plotId, string? from, string? to, string? after, CancellationToken ct)
    {
        Filter = new PortalForm(Zh, Labels) { ["q"] = q ?? string.Empty, ["category"] = category ?? string.Empty, ["plotId"] = plotId ?? string.Empty, ["from"] = from ?? string.Empty, ["to"] = to ?? string.Empty };
        Filtered = new[] { q, category, plotId, from, to }.Any(v => !string.IsNullOrEmpty(v));
        if (ProducerId is { } producerId)
        {
            Producer = await repo.GetProducerAsync(producerId, Caller.Scope, ct);
            if (Producer is null)
            {
                return NotFoundPage();
            }

            var plots = await repo.ListPlotsAsync(producerId, null, null, null, RegistryRepository.MaxPageSize, ct);
            _plotNames = plots.Items.ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
            PlotChoices = [new Choice(string.Empty, L(PortalText.AnyPlot)), .. plots.Items.Select(p => new Choice(p.Id, p.Name))];
        }
        else if (!Caller.IsAdmin)
        {
            return Page();
        }

        After = after is { Length: <= 64 } ? after : null;
        var gtin = Empty(Filter.Text("q")) is { } text && Gtin.TryParse(text, out var parsed) ? parsed.Value : null;
        // A GTIN typed in the search box finds the batches with it; other text searches product names.
        var filter = new BatchFilter(ProducerId, Empty(plotId), Empty(category), gtin, null, Empty(from), Empty(to), gtin is null ? Empty(q) : null);
        Batches = await repo.ListBatchesAsync(Caller.Scope, filter, After, PageSize, ct);
        return Page();
    }

    public string? PlotName(string plotId) => _plotNames.TryGetValue(plotId, out var name) ? name : null;

    /// <summary>This list with the same filters, at <paramref name="after"/> (null: the first page).</summary>
    public string PageHref(string? after) => Href("/portal/batches",
        ("q", Filter["q"]), ("category", Filter["category"]), ("plotId", Filter["plotId"]), ("from", Filter["from"]), ("to", Filter["to"]), ("after", after));

    private static string? Empty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
