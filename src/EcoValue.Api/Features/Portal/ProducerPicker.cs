using EcoValue.Data.Registry;
using Microsoft.AspNetCore.WebUtilities;

namespace EcoValue.Api.Features.Portal;

/// <summary>An admin's list of producers to choose from (a page of them), each linking to <see cref="Path"/> for that producer.</summary>
public sealed record ProducerPicker(Page<ProducerRow> Producers, string Path, bool Zh)
{
    public const int PageSize = 50;

    public string LinkFor(string producerId) => QueryHelpers.AddQueryString(Path, "producer", producerId);

    public string NextLink(string after) => QueryHelpers.AddQueryString(Path, "after", after);

    public static async Task<ProducerPicker> LoadAsync(RegistryRepository repo, string path, bool zh, string? after, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var page = await repo.ListProducersAsync(Scope.All, null, null, null, after is { Length: <= 64 } ? after : null, PageSize, ct).ConfigureAwait(false);
        return new ProducerPicker(page, path, zh);
    }
}
