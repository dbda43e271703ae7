using System.Collections.Concurrent;
using EcoValue.Anchoring.Proofs;
using EcoValue.Data.Items;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Merkle;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Verification;

/// <summary>
/// The serial tree of each issuance (<see cref="ItemSerial.BuildTree"/>), rebuilt from its item rows in leaf order and
/// kept while it matches the root its issuance record names (least recently used out, bounded by leaves:
/// <see cref="VerificationOptions.MaxCachedSerialLeaves"/>). A tree that does not match is returned for the caller
/// to report (TAMPERED) but never kept, so a repaired database is read again. Concurrent requests for one tree share
/// one rebuild.
/// </summary>
public sealed class SerialTrees(ItemRepository items, IOptions<VerificationOptions> options)
{
    private readonly TreeCache<string> _trees = new(options.Value.MaxCachedSerialLeaves);
    private readonly ConcurrentDictionary<string, Lazy<Task<StandardMerkleTree>>> _building = new(StringComparer.Ordinal);

    /// <summary>The issuance's tree and whether its root is <paramref name="expectedRoot"/> (the record's serialsRoot).</summary>
    public async Task<(StandardMerkleTree Tree, bool Matches)> GetAsync(IssuanceRow issuance, byte[] expectedRoot, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(issuance);
        if (_trees.TryGet(issuance.RecordId, out var cached) && cached.Root.AsSpan().SequenceEqual(expectedRoot))
        {
            return (cached, true);
        }

        var build = _building.GetOrAdd(issuance.RecordId, _ => new Lazy<Task<StandardMerkleTree>>(() => BuildAsync(issuance)));
        StandardMerkleTree tree;
        try
        {
            tree = await build.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _building.TryRemove(new KeyValuePair<string, Lazy<Task<StandardMerkleTree>>>(issuance.RecordId, build));
        }

        var matches = tree.Root.AsSpan().SequenceEqual(expectedRoot);
        if (matches)
        {
            _trees.Add(issuance.RecordId, tree);
        }

        return (tree, matches);
    }

    private async Task<StandardMerkleTree> BuildAsync(IssuanceRow issuance)
    {
        // Not the caller's token: other requests wait for this build too.
        var serials = await items.ListIssuanceSerialsAsync(issuance, CancellationToken.None).ConfigureAwait(false);
        return serials.Count == 0 ? StandardMerkleTree.Build([new byte[32]]) : ItemSerial.BuildTree(serials);
    }
}
