using System.Numerics;
using System.Text;
using EcoValue.Ethereum.Rlp;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Ethereum.Transactions;

/// <summary>
/// An EIP-1559 transaction, EIP-2718 type 0x02:
/// <c>0x02 || rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList, yParity, r, s])</c>.
/// </summary>
public sealed record Eip1559Transaction : Transaction
{
    private readonly BigInteger _maxPriorityFeePerGas;
    private readonly BigInteger _maxFeePerGas;
    private readonly AccessListItem[] _accessList = [];

    public override TransactionType Type => TransactionType.Eip1559;

    public required ulong ChainId { get; init; }

    public BigInteger MaxPriorityFeePerGas { get => _maxPriorityFeePerGas; init => _maxPriorityFeePerGas = RequireUInt256(value, nameof(MaxPriorityFeePerGas)); }

    public BigInteger MaxFeePerGas { get => _maxFeePerGas; init => _maxFeePerGas = RequireUInt256(value, nameof(MaxFeePerGas)); }

    /// <summary>EIP-2930 access list (copied on assignment).</summary>
    public IReadOnlyList<AccessListItem> AccessList
    {
        get => _accessList;
        init => _accessList = [.. value ?? throw new ArgumentNullException(nameof(AccessList))];
    }

    /// <summary>0x02 || rlp of the first nine fields (EIP-1559).</summary>
    public override byte[] GetSigningPayload() => EncodeTyped(null);

    /// <summary>Same bytes as <see cref="GetSigningPayload"/>: a typed transaction has no separate unsigned form.</summary>
    public override byte[] EncodeUnsigned() => EncodeTyped(null);

    public override byte[] Encode() => EncodeTyped(RequireSignature());

    public override Eip1559Transaction Sign(EthECKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return this with { Signature = key.Sign(GetSigningHash()) };
    }

    public override void EnsureChainId(ulong expected, bool allowUnprotected = false)
    {
        if (ChainId != expected)
        {
            throw new TransactionException($"transaction is for chain {ChainId}, expected chain {expected}");
        }
    }

    public bool Equals(Eip1559Transaction? other) =>
        base.Equals(other)
        && ChainId == other.ChainId
        && MaxPriorityFeePerGas == other.MaxPriorityFeePerGas
        && MaxFeePerGas == other.MaxFeePerGas
        && _accessList.SequenceEqual(other._accessList);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), ChainId, MaxPriorityFeePerGas, MaxFeePerGas, _accessList.Length);

    protected override bool PrintMembers(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append("ChainId = ").Append(ChainId)
            .Append(", MaxPriorityFeePerGas = ").Append(MaxPriorityFeePerGas)
            .Append(", MaxFeePerGas = ").Append(MaxFeePerGas)
            .Append(", ");
        base.PrintMembers(builder);
        builder.Append(", AccessList = [");
        builder.AppendJoin(", ", _accessList.Select(e => $"{e.Address.ToLowerHex()}: [{string.Join(", ", e.StorageKeys.Select(k => Hex.Encode(k.Span)))}]"));
        builder.Append(']');
        return true;
    }

    /// <summary>Decodes the twelve fields that follow the 0x02 type byte.</summary>
    internal static Eip1559Transaction FromRlp(RlpItem list)
    {
        var fields = TransactionFields.List(list, "EIP-1559 transaction", 12);
        var yParity = TransactionFields.UInt64(fields[9], "yParity");
        if (yParity > 1)
        {
            throw new TransactionException($"transaction field 'yParity': {yParity}, expected 0 or 1 (at offset {fields[9].Offset})");
        }

        return new Eip1559Transaction
        {
            ChainId = TransactionFields.UInt64(fields[0], "chainId"),
            Nonce = TransactionFields.UInt64(fields[1], "nonce"),
            MaxPriorityFeePerGas = TransactionFields.UInt256(fields[2], "maxPriorityFeePerGas"),
            MaxFeePerGas = TransactionFields.UInt256(fields[3], "maxFeePerGas"),
            GasLimit = TransactionFields.UInt64(fields[4], "gasLimit"),
            To = TransactionFields.To(fields[5]),
            Value = TransactionFields.UInt256(fields[6], "value"),
            Data = TransactionFields.Data(fields[7]),
            AccessList = TransactionFields.AccessList(fields[8]),
            Signature = TransactionFields.Signature(fields[10], fields[11], (int)yParity),
        };
    }

    private byte[] EncodeTyped(EthSignature? signature)
    {
        var accessListPayload = 0;
        foreach (var entry in _accessList)
        {
            accessListPayload += RlpEncoder.LengthOfList(EntryPayload(entry));
        }

        var payload = RlpEncoder.LengthOfUInt(ChainId)
            + RlpEncoder.LengthOfUInt(Nonce)
            + RlpEncoder.LengthOfUInt(MaxPriorityFeePerGas)
            + RlpEncoder.LengthOfUInt(MaxFeePerGas)
            + LengthOfGasToValueData()
            + RlpEncoder.LengthOfList(accessListPayload);
        if (signature is not null)
        {
            payload += RlpEncoder.LengthOfUInt((ulong)signature.RecoveryId)
                + RlpEncoder.LengthOfUInt(signature.R)
                + RlpEncoder.LengthOfUInt(signature.S);
        }

        var buffer = new byte[1 + RlpEncoder.LengthOfList(payload)];
        buffer[0] = (byte)TransactionType.Eip1559;
        var writer = new RlpWriter(buffer.AsSpan(1));
        writer.WriteListHeader(payload);
        writer.WriteUInt(ChainId);
        writer.WriteUInt(Nonce);
        writer.WriteUInt(MaxPriorityFeePerGas);
        writer.WriteUInt(MaxFeePerGas);
        WriteGasToValueData(ref writer);
        writer.WriteListHeader(accessListPayload);
        foreach (var entry in _accessList)
        {
            writer.WriteListHeader(EntryPayload(entry));
            writer.WriteString(entry.Address.Bytes);
            writer.WriteListHeader(entry.StorageKeys.Count * 33);
            foreach (var key in entry.StorageKeys)
            {
                writer.WriteString(key.Span);
            }
        }

        if (signature is not null)
        {
            writer.WriteUInt((ulong)signature.RecoveryId);
            writer.WriteUInt(signature.R);
            writer.WriteUInt(signature.S);
        }

        return buffer;
    }

    /// <summary>[address, [keys…]]: a 20-byte string (21) and a list of 32-byte strings (33 each).</summary>
    private static int EntryPayload(AccessListItem entry) => 21 + RlpEncoder.LengthOfList(entry.StorageKeys.Count * 33);
}
