using System.Numerics;
using System.Text.Json.Nodes;

namespace EcoValue.Ethereum.Rpc;

/// <summary>
/// The transaction-call object of eth_call, eth_estimateGas and (on dev chains) eth_sendTransaction
/// (execution-apis GenericTransaction). Unset fields are left to the node.
/// </summary>
public sealed record CallRequest
{
    public Address? From { get; init; }

    /// <summary>Target contract or account; null for contract creation.</summary>
    public Address? To { get; init; }

    public ulong? Gas { get; init; }

    /// <summary>Legacy gas price; exclusive with the EIP-1559 fee fields.</summary>
    public BigInteger? GasPrice { get; init; }

    public BigInteger? MaxFeePerGas { get; init; }

    public BigInteger? MaxPriorityFeePerGas { get; init; }

    public BigInteger? Value { get; init; }

    /// <summary>Call data, or init code when <see cref="To"/> is null.</summary>
    public byte[]? Data { get; init; }

    public ulong? Nonce { get; init; }

    internal JsonObject ToJson()
    {
        if (GasPrice is not null && (MaxFeePerGas is not null || MaxPriorityFeePerGas is not null))
        {
            throw new ArgumentException("gasPrice and EIP-1559 fee fields are exclusive");
        }

        var o = new JsonObject();
        Put(o, "from", From?.ToLowerHex());
        Put(o, "to", To?.ToLowerHex());
        Put(o, "gas", Gas is { } g ? Hex.EncodeQuantity(g) : null);
        Put(o, "gasPrice", GasPrice is { } gp ? Hex.EncodeQuantity(gp) : null);
        Put(o, "maxFeePerGas", MaxFeePerGas is { } mf ? Hex.EncodeQuantity(mf) : null);
        Put(o, "maxPriorityFeePerGas", MaxPriorityFeePerGas is { } mp ? Hex.EncodeQuantity(mp) : null);
        Put(o, "value", Value is { } v ? Hex.EncodeQuantity(v) : null);
        // "data" is the field every node accepts; newer ones also know "input". Sending one avoids a conflict check.
        Put(o, "data", Data is { } d ? Hex.Encode(d) : null);
        Put(o, "nonce", Nonce is { } n ? Hex.EncodeQuantity(n) : null);
        return o;
    }

    private static void Put(JsonObject o, string name, string? value)
    {
        if (value is not null)
        {
            o[name] = value;
        }
    }
}
