using System.Text.Json.Nodes;

namespace EcoValue.Ethereum.Rpc;

/// <summary>
/// The eth_getLogs filter. <see cref="Topics"/> is positional: a null position matches anything, a list matches
/// any of its values (OR), positions combine with AND. <see cref="BlockHash"/> (EIP-234) excludes a block range.
/// </summary>
public sealed record LogFilter
{
    public BlockParameter? FromBlock { get; init; }

    public BlockParameter? ToBlock { get; init; }

    /// <summary>One block by hash (EIP-234); cannot be combined with <see cref="FromBlock"/>/<see cref="ToBlock"/>.</summary>
    public byte[]? BlockHash { get; init; }

    /// <summary>Emitting contracts (any of); null for all.</summary>
    public IReadOnlyList<Address>? Addresses { get; init; }

    /// <summary>Up to four positions; each null (any) or a non-empty list of 32-byte values (any of).</summary>
    public IReadOnlyList<IReadOnlyList<byte[]>?>? Topics { get; init; }

    internal JsonObject ToJson()
    {
        var o = new JsonObject();
        if (BlockHash is not null)
        {
            if (FromBlock is not null || ToBlock is not null)
            {
                throw new ArgumentException("blockHash cannot be combined with fromBlock/toBlock (EIP-234)");
            }

            o["blockHash"] = Hex.Encode(Check32(BlockHash, "blockHash"));
        }

        if (FromBlock is not null)
        {
            o["fromBlock"] = FromBlock.ToRpc();
        }

        if (ToBlock is not null)
        {
            o["toBlock"] = ToBlock.ToRpc();
        }

        if (Addresses is not null)
        {
            if (Addresses.Count == 0)
            {
                throw new ArgumentException("an empty address list would match nothing; use null for any address");
            }

            o["address"] = new JsonArray([.. Addresses.Select(a => (JsonNode)JsonValue.Create(a.ToLowerHex()))]);
        }

        if (Topics is not null)
        {
            if (Topics.Count > 4)
            {
                throw new ArgumentException($"a log has at most 4 topics, the filter names {Topics.Count}");
            }

            var topics = new JsonArray();
            foreach (var position in Topics)
            {
                if (position is null)
                {
                    topics.Add(null);
                    continue;
                }

                if (position.Count == 0)
                {
                    throw new ArgumentException("an empty topic alternative would match nothing; use null for any topic");
                }

                topics.Add(new JsonArray([.. position.Select(t => (JsonNode)JsonValue.Create(Hex.Encode(Check32(t, "topic"))))]));
            }

            o["topics"] = topics;
        }

        return o;
    }

    private static byte[] Check32(byte[] value, string what) =>
        value is { Length: 32 } ? value : throw new ArgumentException($"{what} must be 32 bytes");
}
