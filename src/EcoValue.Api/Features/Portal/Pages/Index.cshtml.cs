using EcoValue.Data.Accounts;
using EcoValue.Data.Registry;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages;

/// <summary>
/// GET /portal: the farmer's producer (name, approval), counts and the latest entries with their anchoring state. An
/// admin without a chosen producer sees the producer list and the whole registry's counts. A certifier goes on to
/// its queue (/portal/applications). A buyer gets its landing: what it can do here, and the way to the catalogue.
/// </summary>
public sealed class IndexModel(RegistryRepository repo) : PortalPageModel
{
    public const int RecentCount = 10;

    public override Text Title => IsBuyer ? PortalText.BuyerHomeTitle : PortalText.HomeTitle;

    public bool IsBuyer => Caller.Role == Roles.Buyer;

    public ProducerRow? Producer { get; private set; }

    public ProducerPicker? Picker { get; private set; }

    public RegistryCounts? Counts { get; private set; }

    public IReadOnlyList<RecentEntry> Recent { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? after, CancellationToken ct)
    {
        // A certifier's home is its queue of applications.
        if (Caller.Role == Roles.Certifier)
        {
            return Redirect("/portal/applications");
        }

        if (IsBuyer)
        {
            return Page();
        }

        Scope scope;
        if (ProducerId is { } producerId)
        {
            Producer = await repo.GetProducerAsync(producerId, Caller.Scope, ct);
            if (Producer is null)
            {
                return NotFoundPage();
            }

            scope = Scope.Producer(producerId);
        }
        else if (Caller.IsAdmin)
        {
            Picker = await ProducerPicker.LoadAsync(repo, "/portal", Zh, after, ct);
            scope = Scope.All;
        }
        else
        {
            return Page();
        }

        Counts = await repo.CountAsync(scope, ct);
        Recent = await repo.RecentAsync(scope, RecentCount, ct);
        return Page();
    }

    public string LinkFor(RecentEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Kind switch
        {
            "producer" => Caller.IsAdmin ? Href("/portal/producer", ("producer", entry.Id)) : Href("/portal/producer"),
            "plot" => Href("/portal/plots"),
            _ => Href("/portal/batches/" + Uri.EscapeDataString(entry.BatchId ?? entry.Id)),
        };
    }
}
