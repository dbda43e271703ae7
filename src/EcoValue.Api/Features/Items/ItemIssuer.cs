using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using EcoValue.Api.Infrastructure;
using EcoValue.Certification.Evaluation;
using EcoValue.Data.Items;
using EcoValue.Data.Registry;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Records;

namespace EcoValue.Api.Features.Items;

/// <summary>One chunk as issued: its record, where it starts in the batch's issue order, and its serials in leaf order.</summary>
public sealed record IssuedSerials(string RecordId, long FirstPosition, IReadOnlyList<string> Serials, string SerialsRoot);

/// <summary>
/// Issues item codes for a batch (docs/verification.md, "Issuance"): <see cref="ItemSerial"/> serials from the CSPRNG,
/// in chunks of up to <see cref="ItemRepository.MaxChunk"/>, each chunk one write holding its <c>item-issuance</c>
/// record (whose data names the root of the chunk's serial tree) and its item rows. Bounded by the batch's quantity
/// and, when the batch carries a brand, by the brand claim's quantity (the licence quota it was granted from):
/// checked before anything is written, and again inside each chunk's write. Issuances of one batch in this process
/// take turns, so the first check holds for the whole request; the check in the write still guards other processes.
/// </summary>
public sealed class ItemIssuer(ItemRepository items, TimeProvider time)
{
    /// <summary>Times a chunk is redrawn after a serial collision before giving up (each redraw has a ~10⁻¹⁵ chance of being needed).</summary>
    private const int MaxAttempts = 8;

    // A tolerance for sums of doubles: 100,000 × 0.1 kg must fit a 10,000 kg batch.
    private const double Epsilon = 1e-9;

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _turns = new(StringComparer.Ordinal);

    /// <summary>Where serials come from; tests draw a serial that is taken to exercise the collision path.</summary>
    internal Func<string> NewSerial { get; set; } = ItemSerial.New;

    /// <summary>Waits for this batch's turn to issue; dispose the result to pass the turn on.</summary>
    public async Task<IDisposable> TurnAsync(string batchId, CancellationToken ct)
    {
        var gate = _turns.GetOrAdd(batchId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct).ConfigureAwait(false);
        return new Turn(gate);
    }

    /// <summary>The pre-check: throws the problem (409) when <paramref name="count"/> items of <paramref name="itemQuantity"/> do not fit.</summary>
    public async Task CheckAsync(BatchRow batch, int count, double itemQuantity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var state = await items.StateAsync(batch.Id, ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"batch {batch.Id} is gone");
        Check(state, count, itemQuantity);
    }

    /// <summary>
    /// Issues <paramref name="count"/> codes; <paramref name="onChunk"/> gets each chunk once it is committed (the
    /// endpoint streams it out). Call inside <see cref="TurnAsync"/> after <see cref="CheckAsync"/>.
    /// </summary>
    public async Task IssueAsync(BatchRow batch, int count, double itemQuantity, string actor, Func<IssuedSerials, Task> onChunk, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(onChunk);
        for (var done = 0; done < count;)
        {
            var size = Math.Min(ItemRepository.MaxChunk, count - done);
            var chunk = await IssueChunkAsync(batch, size, itemQuantity, actor, ct).ConfigureAwait(false);
            done += size;
            await onChunk(chunk).ConfigureAwait(false);
        }
    }

    private async Task<IssuedSerials> IssueChunkAsync(BatchRow batch, int size, double itemQuantity, string actor, CancellationToken ct)
    {
        var serials = Draw(size);
        for (var attempt = 1; ; attempt++)
        {
            var tree = ItemSerial.BuildTree(serials);
            var root = tree.RootHex;
            var record = Record(batch, size, itemQuantity, root, actor);
            try
            {
                var chunk = await items.IssueChunkAsync(batch.Id, serials, itemQuantity, root, record, state => Check(state, size, itemQuantity), ct).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"batch {batch.Id} is gone");
                return new IssuedSerials(chunk.RecordId, chunk.FirstPosition, serials, root);
            }
            catch (SerialCollisionException e) when (attempt < MaxAttempts)
            {
                // Taken already (by an earlier issuance): draw another in its place, keeping the chunk's other serials.
                var taken = serials.IndexOf(e.Serial);
                var fresh = NewSerial();
                while (serials.Contains(fresh))
                {
                    fresh = NewSerial();
                }

                serials[taken] = fresh;
            }
        }
    }

    /// <summary><paramref name="size"/> distinct serials.</summary>
    private List<string> Draw(int size)
    {
        var seen = new HashSet<string>(size, StringComparer.Ordinal);
        var serials = new List<string>(size);
        while (serials.Count < size)
        {
            var serial = NewSerial();
            if (seen.Add(serial))
            {
                serials.Add(serial);
            }
        }

        return serials;
    }

    private RecordEnvelope Record(BatchRow batch, int count, double itemQuantity, string serialsRoot, string actor) =>
        RecordEnvelope.Create(ItemKinds.Issuance, "batch:" + batch.Id, actor, time.GetUtcNow(), new JsonObject
        {
            ["batch"] = batch.Id,
            ["producer"] = batch.ProducerId,
            ["gtin"] = batch.Gtin,
            ["lot"] = batch.Lot,
            ["count"] = count,
            ["itemQuantity"] = itemQuantity,
            ["unit"] = batch.Unit,
            ["serialsRoot"] = serialsRoot,
            // How to check an item against serialsRoot: OpenZeppelin StandardMerkleTree, leaf encoding ["bytes32"].
            ["serialTree"] = new JsonObject { ["leafEncoding"] = new JsonArray("bytes32"), ["value"] = "keccak256(utf8(serial))" },
        });

    /// <summary>The bounds (docs/verification.md): not recalled, within the batch quantity, within the brand claim's kg.</summary>
    internal static void Check(IssuanceState state, int count, double itemQuantity)
    {
        if (state.Recalled)
        {
            throw new ProblemException(StatusCodes.Status409Conflict, "batch-recalled", "The batch is recalled", "该批次已被召回",
                "No item codes can be issued for a recalled batch.", "已召回的批次不能再签发商品码。");
        }

        var asked = count * itemQuantity;
        var remaining = state.Quantity - state.IssuedQuantity;
        if (asked > remaining + Epsilon + (Epsilon * state.Quantity))
        {
            var fits = Math.Max(0, (long)Math.Floor((remaining + Epsilon) / itemQuantity));
            throw new ProblemException(StatusCodes.Status409Conflict, "items-exceed-batch", "More than the batch holds", "超出批次数量",
                $"The batch holds {N(state.Quantity)} {state.Unit}; {state.IssuedCount} codes already cover {N(state.IssuedQuantity)} {state.Unit}, so {N(Math.Max(remaining, 0))} {state.Unit} remain, and {count} codes of {N(itemQuantity)} {state.Unit} ask {N(asked)} {state.Unit}. At most {fits} more codes of this size fit.",
                $"该批次共 {N(state.Quantity)} {state.Unit}；已签发的 {state.IssuedCount} 个商品码覆盖 {N(state.IssuedQuantity)} {state.Unit}，剩余 {N(Math.Max(remaining, 0))} {state.Unit}；本次 {count} 个、每个 {N(itemQuantity)} {state.Unit}，共需 {N(asked)} {state.Unit}。按此规格最多还能签发 {fits} 个。",
                new Dictionary<string, object?>
                {
                    ["batchQuantity"] = state.Quantity, ["unit"] = state.Unit, ["issuedCount"] = state.IssuedCount, ["issuedQuantity"] = state.IssuedQuantity,
                    ["remainingQuantity"] = Math.Max(remaining, 0), ["requestedQuantity"] = asked, ["maxCount"] = fits,
                });
        }

        if (state.ClaimKg is not { } claimKg)
        {
            return;
        }

        if (Units.ToKg(1, state.Unit) is not { } kgPerUnit)
        {
            throw new ProblemException(StatusCodes.Status422UnprocessableEntity, "items-quota-unit", "The brand quota cannot be balanced", "无法核算品牌配额",
                $"The batch carries a brand, whose quota is in kg, but its unit {state.Unit} is not a mass.", $"该批次使用品牌，配额以 kg 计，但批次单位 {state.Unit} 不是质量单位。");
        }

        var issuedKg = state.IssuedQuantity * (double)kgPerUnit;
        var askedKg = asked * (double)kgPerUnit;
        if (issuedKg + askedKg > claimKg + Epsilon + (Epsilon * claimKg))
        {
            throw new ProblemException(StatusCodes.Status409Conflict, "items-exceed-quota", "More than the licence quota covers", "超出许可配额",
                $"The batch carries its brand for {N(claimKg)} kg under licence {state.ClaimLicenceId}; codes already cover {N(issuedKg)} kg and these would add {N(askedKg)} kg.",
                $"该批次依许可 {state.ClaimLicenceId} 使用品牌的数量为 {N(claimKg)} kg；已签发的商品码覆盖 {N(issuedKg)} kg，本次将再增加 {N(askedKg)} kg。",
                new Dictionary<string, object?>
                {
                    ["licence"] = state.ClaimLicenceId, ["claimKg"] = claimKg, ["issuedKg"] = issuedKg, ["remainingKg"] = Math.Max(claimKg - issuedKg, 0), ["requestedKg"] = askedKg,
                });
        }
    }

    private static string N(double d) => d.ToString("0.######", CultureInfo.InvariantCulture);

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}

/// <summary>Record kinds of item codes and recalls (docs/verification.md).</summary>
public static class ItemKinds
{
    public const string Issuance = "item-issuance";
    public const string Withdrawal = "item-withdrawal";
    public const string Recall = "batch-recall";
    public const string RecallLift = "batch-recall-lift";
}
