namespace EcoValue.Ethereum.Rpc;

/// <summary>
/// Which block a read refers to: a number or one of the tags of the execution-apis spec
/// (latest, pending, earliest, and since the Merge safe and finalized).
/// </summary>
public sealed record BlockParameter
{
    private BlockParameter(string? tag, ulong? number)
    {
        Tag = tag;
        Number = number;
    }

    public static BlockParameter Latest { get; } = new("latest", null);

    public static BlockParameter Pending { get; } = new("pending", null);

    public static BlockParameter Earliest { get; } = new("earliest", null);

    public static BlockParameter Safe { get; } = new("safe", null);

    public static BlockParameter Finalized { get; } = new("finalized", null);

    /// <summary>The tag, or null for a numbered block.</summary>
    public string? Tag { get; }

    /// <summary>The block number, or null for a tag.</summary>
    public ulong? Number { get; }

    public static BlockParameter FromNumber(ulong number) => new(null, number);

    public static implicit operator BlockParameter(ulong number) => FromNumber(number);

    /// <summary>The JSON-RPC form: the tag or a QUANTITY.</summary>
    public string ToRpc() => Tag ?? Hex.EncodeQuantity(Number!.Value);

    public override string ToString() => ToRpc();
}
