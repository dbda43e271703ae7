using System.Numerics;
using System.Text;
using EcoValue.Ethereum.Rlp;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Ethereum.Transactions;

/// <summary>
/// A legacy (untyped) transaction: <c>rlp([nonce, gasPrice, gasLimit, to, value, data, v, r, s])</c>.
/// With a <see cref="ChainId"/> it is replay-protected by EIP-155 (v = chainId·2 + 35 + yParity, and the signed
/// payload ends with chainId, 0, 0); with none it is a pre-EIP-155 transaction (v = 27 + yParity) that any chain
/// would accept, which is why <see cref="ChainId"/> must be stated explicitly, even as null.
/// </summary>
public sealed record LegacyTransaction : Transaction
{
    private readonly BigInteger _gasPrice;

    public override TransactionType Type => TransactionType.Legacy;

    /// <summary>EIP-155 chain id; null for an unprotected pre-EIP-155 transaction.</summary>
    public required ulong? ChainId { get; init; }

    public BigInteger GasPrice { get => _gasPrice; init => _gasPrice = RequireUInt256(value, nameof(GasPrice)); }

    /// <summary>The v the signed transaction carries; null while unsigned.</summary>
    public BigInteger? V => Signature is { } sig ? VFor(ChainId, sig.RecoveryId) : null;

    /// <summary>Pre-EIP-155: the six fields. EIP-155: the six fields, chainId, 0, 0.</summary>
    public override byte[] GetSigningPayload() =>
        EncodeWithTrailer(ChainId, BigInteger.Zero, BigInteger.Zero);

    /// <summary>
    /// The nine fields with v = chainId (0 when unprotected) and r = s = 0: the EIP-155 signing payload, and for an
    /// unprotected transaction the form pre-EIP-155 tools (and ethereum/tests BasicTests/txtest.json) serialise.
    /// </summary>
    public override byte[] EncodeUnsigned() => EncodeWithTrailer(ChainId ?? 0, BigInteger.Zero, BigInteger.Zero);

    public override byte[] Encode()
    {
        var signature = RequireSignature();
        return EncodeWithTrailer(VFor(ChainId, signature.RecoveryId), signature.R, signature.S);
    }

    public override LegacyTransaction Sign(EthECKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return this with { Signature = key.Sign(GetSigningHash()) };
    }

    public override void EnsureChainId(ulong expected, bool allowUnprotected = false)
    {
        if (ChainId is not { } chainId)
        {
            if (!allowUnprotected)
            {
                throw new TransactionException($"transaction is not replay-protected (pre-EIP-155, v = 27/28); expected one bound to chain {expected}");
            }

            return;
        }

        if (chainId != expected)
        {
            var v = V is { } actual ? $"v = {actual} means chain {chainId} under EIP-155" : $"chain id {chainId}";
            throw new TransactionException($"transaction is for another chain: {v}; expected chain {expected} (v = {VFor(expected, 0)} or {VFor(expected, 1)})");
        }
    }

    protected override bool PrintMembers(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append("ChainId = ").Append(ChainId is { } id ? id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null (pre-EIP-155)")
            .Append(", GasPrice = ").Append(GasPrice)
            .Append(", ");
        base.PrintMembers(builder);
        if (V is { } v)
        {
            builder.Append(", V = ").Append(v);
        }

        return true;
    }

    internal static BigInteger VFor(ulong? chainId, int recoveryId) =>
        chainId is { } id ? (new BigInteger(id) * 2) + 35 + recoveryId : 27 + recoveryId;

    /// <summary>Decodes the nine fields of a signed legacy transaction (EIP-155 or pre-EIP-155).</summary>
    internal static LegacyTransaction FromRlp(RlpItem list)
    {
        var fields = TransactionFields.List(list, "legacy transaction", 9);
        var v = TransactionFields.UInt256(fields[6], "v");
        ulong? chainId;
        int recoveryId;
        if (v == 27 || v == 28)
        {
            chainId = null;
            recoveryId = (int)(v - 27);
        }
        else if (v >= 35)
        {
            var id = (v - 35) / 2;
            if (id > ulong.MaxValue)
            {
                throw new TransactionException($"transaction field 'v': {v} gives an EIP-155 chain id that does not fit in 64 bits");
            }

            chainId = (ulong)id;
            recoveryId = (int)((v - 35) % 2);
        }
        else
        {
            throw new TransactionException($"transaction field 'v': {v} is neither 27/28 (pre-EIP-155) nor chainId·2 + 35/36 (EIP-155)");
        }

        return new LegacyTransaction
        {
            Nonce = TransactionFields.UInt64(fields[0], "nonce"),
            GasPrice = TransactionFields.UInt256(fields[1], "gasPrice"),
            GasLimit = TransactionFields.UInt64(fields[2], "gasLimit"),
            To = TransactionFields.To(fields[3]),
            Value = TransactionFields.UInt256(fields[4], "value"),
            Data = TransactionFields.Data(fields[5]),
            ChainId = chainId,
            Signature = TransactionFields.Signature(fields[7], fields[8], recoveryId),
        };
    }

    /// <summary>The six fields followed by v, r, s (or, with <paramref name="v"/> null, by nothing: the pre-EIP-155 signing payload).</summary>
    private byte[] EncodeWithTrailer(BigInteger? v, BigInteger r, BigInteger s)
    {
        var payload = RlpEncoder.LengthOfUInt(Nonce) + RlpEncoder.LengthOfUInt(GasPrice) + LengthOfGasToValueData();
        if (v is { } vv)
        {
            payload += RlpEncoder.LengthOfUInt(vv) + RlpEncoder.LengthOfUInt(r) + RlpEncoder.LengthOfUInt(s);
        }

        var buffer = new byte[RlpEncoder.LengthOfList(payload)];
        var writer = new RlpWriter(buffer);
        writer.WriteListHeader(payload);
        writer.WriteUInt(Nonce);
        writer.WriteUInt(GasPrice);
        WriteGasToValueData(ref writer);
        if (v is { } vw)
        {
            writer.WriteUInt(vw);
            writer.WriteUInt(r);
            writer.WriteUInt(s);
        }

        return buffer;
    }
}
