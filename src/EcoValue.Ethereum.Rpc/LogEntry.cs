namespace EcoValue.Ethereum.Rpc;

/// <summary>
/// One log (event) as the node reports it. <see cref="Topics"/> and <see cref="Data"/> are exactly what an ABI event
/// decoder takes (topic 0 is the event signature hash unless the event is anonymous).
/// </summary>
public sealed record LogEntry(
    Address Address,
    IReadOnlyList<byte[]> Topics,
    byte[] Data,
    ulong BlockNumber,
    byte[] BlockHash,
    byte[] TransactionHash,
    ulong TransactionIndex,
    ulong LogIndex,
    bool Removed)
{
    /// <summary>Topic 0 (the event signature hash of a non-anonymous event), or null for a log without topics.</summary>
    public byte[]? EventSignature => Topics.Count > 0 ? Topics[0] : null;

    // Pending logs (blockHash null) are not accepted: nothing here acts on logs that are not in a block.
    internal static LogEntry Parse(ResultObject o)
    {
        var topics = new List<byte[]>(4);
        var i = 0;
        foreach (var t in o.Array("topics"))
        {
            topics.Add(RpcJson.Hash(t, o.Method, $"{o.Field("topics")}[{i++}]"));
        }

        if (topics.Count > 4)
        {
            throw new RpcResponseFormatException(o.Method, $"{o.Field("topics")} has {topics.Count} entries; LOG0..LOG4 allow at most 4");
        }

        return new LogEntry(
            o.Address("address"),
            topics,
            o.Bytes("data"),
            o.UInt64("blockNumber"),
            o.Hash("blockHash"),
            o.Hash("transactionHash"),
            o.UInt64("transactionIndex"),
            o.UInt64("logIndex"),
            o.OptionalBool("removed", missing: false));
    }
}
