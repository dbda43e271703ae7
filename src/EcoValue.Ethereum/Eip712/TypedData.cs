namespace EcoValue.Ethereum.Eip712;

/// <summary>
/// An EIP-712 typed-data document, the same shape as the eth_signTypedData_v4 JSON: struct <see cref="Types"/>,
/// <see cref="PrimaryType"/>, <see cref="Domain"/> and <see cref="Message"/>. Build it in code or with
/// <see cref="FromJson"/>; the constructor checks the types and hashes the message once, so a document that exists
/// can be signed. Values follow the model documented on <see cref="TypedDataEncoder"/>.
/// </summary>
public sealed class TypedData
{
    public const string DomainTypeName = "EIP712Domain";

    private readonly Dictionary<string, IReadOnlyList<TypedDataField>> _types;

    /// <param name="types">Struct types by name. EIP712Domain may be omitted (it is derived from the domain); when present
    /// it must list exactly the domain's set fields in the EIP's order, since the separator covers those.</param>
    public TypedData(
        IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types,
        string primaryType,
        Eip712Domain domain,
        IReadOnlyDictionary<string, object?> message)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(primaryType);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(message);

        _types = new Dictionary<string, IReadOnlyList<TypedDataField>>(types, StringComparer.Ordinal);
        var domainFields = domain.Fields;
        if (_types.TryGetValue(DomainTypeName, out var declared))
        {
            if (!declared.SequenceEqual(domainFields))
            {
                throw new Eip712Exception(
                    $"types.EIP712Domain declares ({Describe(declared)}) but the domain sets ({Describe(domainFields)}); " +
                    "they must agree, in the order name, version, chainId, verifyingContract, salt");
            }
        }
        else
        {
            _types[DomainTypeName] = domainFields;
        }

        if (primaryType == DomainTypeName)
        {
            throw new Eip712Exception("primaryType EIP712Domain (signing a bare domain) is not supported");
        }

        Encoder = new TypedDataEncoder(_types);
        if (!_types.ContainsKey(primaryType))
        {
            throw new Eip712Exception($"primaryType '{primaryType}' is not among the declared types");
        }

        PrimaryType = primaryType;
        Domain = domain;
        Message = message;

        // Fail at construction, not at signing time: hash once (every value is type-checked on the way).
        _ = Digest();
    }

    /// <summary>All struct types, EIP712Domain included.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> Types => _types;

    public string PrimaryType { get; }

    public Eip712Domain Domain { get; }

    public IReadOnlyDictionary<string, object?> Message { get; }

    public TypedDataEncoder Encoder { get; }

    /// <summary>Reads eth_signTypedData_v4 JSON (an object with types, primaryType, domain and message).</summary>
    public static TypedData FromJson(string json) => TypedDataJson.Read(json);

    /// <summary>Writes eth_signTypedData_v4 JSON; integers beyond 2^53 are written as decimal strings, bytes as hex.</summary>
    public string ToJson() => TypedDataJson.Write(this);

    /// <summary>encodeType of the primary type.</summary>
    public string EncodeType() => Encoder.EncodeType(PrimaryType);

    /// <summary>hashStruct(message).</summary>
    public byte[] HashStruct() => Encoder.HashStruct(PrimaryType, Message);

    /// <summary>hashStruct(domain): the domain separator.</summary>
    public byte[] DomainSeparator() => Encoder.HashStruct(DomainTypeName, Domain.ToStructValue());

    /// <summary>The digest that is signed: keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message)).</summary>
    public byte[] Digest() => Eip712Signer.Hash(DomainSeparator(), HashStruct());

    private static string Describe(IReadOnlyList<TypedDataField> fields) => string.Join(",", fields.Select(f => $"{f.Type} {f.Name}"));
}
