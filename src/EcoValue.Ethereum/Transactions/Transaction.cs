using System.Numerics;
using System.Text;
using EcoValue.Ethereum.Rlp;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Ethereum.Transactions;

/// <summary>EIP-2718 transaction type; legacy transactions have no type byte (0 by convention).</summary>
public enum TransactionType : byte
{
    Legacy = 0x00,
    Eip1559 = 0x02,
}

/// <summary>
/// An Ethereum transaction, unsigned or signed. Immutable: <see cref="Sign"/> returns a signed copy.
/// Fields common to every type live here; <see cref="LegacyTransaction"/> and <see cref="Eip1559Transaction"/> add
/// their fees and chain binding. Decode raw bytes with <see cref="TransactionDecoder"/>.
/// </summary>
public abstract record Transaction
{
    /// <summary>2^256: integer fields are uint256 on the wire.</summary>
    private protected static readonly BigInteger TwoTo256 = BigInteger.One << 256;

    private readonly BigInteger _value;
    private readonly ReadOnlyMemory<byte> _data = ReadOnlyMemory<byte>.Empty;

    private protected Transaction()
    {
    }

    public abstract TransactionType Type { get; }

    public ulong Nonce { get; init; }

    public ulong GasLimit { get; init; }

    /// <summary>Recipient; null creates a contract from <see cref="Data"/>.</summary>
    public Address? To { get; init; }

    /// <summary>Wei sent with the transaction.</summary>
    public BigInteger Value { get => _value; init => _value = RequireUInt256(value, nameof(Value)); }

    /// <summary>Call data, or init code for a contract creation (copied on assignment).</summary>
    public ReadOnlyMemory<byte> Data { get => _data; init => _data = value.ToArray(); }

    /// <summary>The sender's signature; null while unsigned.</summary>
    public EthSignature? Signature { get; init; }

    public bool IsContractCreation => To is null;

    /// <summary>The bytes whose Keccak-256 the sender signs (EIP-155 for legacy, EIP-2718 type byte + RLP for typed).</summary>
    public abstract byte[] GetSigningPayload();

    public byte[] GetSigningHash() => Keccak.Hash(GetSigningPayload());

    /// <summary>The unsigned transaction as tools exchange it before signing (what <c>cast mktx --raw-unsigned</c> prints).</summary>
    public abstract byte[] EncodeUnsigned();

    /// <summary>The raw signed transaction, as <c>eth_sendRawTransaction</c> takes it.</summary>
    /// <exception cref="TransactionException">the transaction is not signed.</exception>
    public abstract byte[] Encode();

    /// <summary>The transaction hash: Keccak-256 of the raw signed bytes.</summary>
    public byte[] GetHash() => Keccak.Hash(Encode());

    /// <summary>Signs with <paramref name="key"/> (RFC 6979, low s) and returns the signed copy.</summary>
    public abstract Transaction Sign(EthECKey key);

    /// <summary>The address that signed this transaction.</summary>
    public Address RecoverSender()
    {
        var signature = RequireSignature();
        try
        {
            return EthECKey.RecoverAddress(GetSigningHash(), signature);
        }
        catch (SignatureException e)
        {
            throw new TransactionException($"cannot recover the sender: {e.Message}", e);
        }
    }

    /// <summary>Throws unless the transaction is bound to chain <paramref name="expected"/> (EIP-155 / the chainId field).</summary>
    /// <param name="allowUnprotected">Accept a legacy transaction without a chain id (pre-EIP-155, replayable on any chain).</param>
    public abstract void EnsureChainId(ulong expected, bool allowUnprotected = false);

    public virtual bool Equals(Transaction? other) =>
        other is not null
        && EqualityContract == other.EqualityContract
        && Nonce == other.Nonce
        && GasLimit == other.GasLimit
        && To == other.To
        && Value == other.Value
        && Data.Span.SequenceEqual(other.Data.Span)
        && Equals(Signature, other.Signature);

    public override int GetHashCode() => HashCode.Combine(EqualityContract, Nonce, GasLimit, To, Value, Data.Length, Signature);

    /// <summary>Readable fields for logs and test failures: hex for bytes, "unsigned" or (r, s, yParity) for the signature.</summary>
    protected virtual bool PrintMembers(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append("Nonce = ").Append(Nonce)
            .Append(", GasLimit = ").Append(GasLimit)
            .Append(", To = ").Append(To is { } to ? to.ToString() : "null (contract creation)")
            .Append(", Value = ").Append(Value)
            .Append(", Data = ").Append(Hex.Encode(Data.Span))
            .Append(", Signature = ")
            .Append(Signature is { } sig ? $"(r = {Hex.EncodeQuantity(sig.R)}, s = {Hex.EncodeQuantity(sig.S)}, yParity = {sig.RecoveryId})" : "unsigned");
        return true;
    }

    private protected EthSignature RequireSignature() =>
        Signature ?? throw new TransactionException("transaction is not signed");

    private protected static BigInteger RequireUInt256(BigInteger value, string name) =>
        value.Sign >= 0 && value < TwoTo256 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 2^256)");

    /// <summary>Encoded length of gasLimit, to, value and data, which both types carry in this order.</summary>
    private protected int LengthOfGasToValueData() =>
        RlpEncoder.LengthOfUInt(GasLimit)
        + (To is { } to ? RlpEncoder.LengthOfString(to.Bytes) : 1)
        + RlpEncoder.LengthOfUInt(Value)
        + RlpEncoder.LengthOfString(Data.Span);

    private protected void WriteGasToValueData(ref RlpWriter writer)
    {
        writer.WriteUInt(GasLimit);
        writer.WriteString(To is { } to ? to.Bytes : []);
        writer.WriteUInt(Value);
        writer.WriteString(Data.Span);
    }
}
