using System.Text.Json;
using EcoValue.Data.Reports;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages.Reports;

/// <summary>/portal/reports: the signed-in buyer's saved reports, newest first, 20 a page (keyset: ?before= a report id).</summary>
public sealed class IndexModel(ReportRepository store) : PortalPageModel
{
    public const int PageSize = 20;

    public override Text Title => PortalText.ReportsTitle;

    public IReadOnlyList<(ReportSummaryRow Row, IReadOnlyDictionary<string, int> ByStatus)> Reports { get; private set; } = [];

    public string? Next { get; private set; }

    public string? Before { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? before, CancellationToken ct)
    {
        Before = before is { Length: > 0 and <= 64 } ? before : null;
        var (items, next) = await store.ListAsync(Caller.UserId, Before, PageSize, ct);
        Reports = [.. items.Select(r => (r, (IReadOnlyDictionary<string, int>)(JsonSerializer.Deserialize<Dictionary<string, int>>(r.ByStatus) ?? [])))];
        Next = next;
        return Page();
    }
}
