namespace EcoValue.Ethereum.Abi;

/// <summary>
/// A function signature: name and parameter types. Parsing accepts the human-readable form
/// (<c>function transfer(address to, uint amount)</c>) and reduces it to the canonical one
/// (<c>transfer(address,uint256)</c>) that the selector hashes.
/// </summary>
public sealed class FunctionSignature
{
    private readonly byte[] _selector;

    private FunctionSignature(string name, IReadOnlyList<AbiType> parameters, IReadOnlyList<string> names, string canonical)
    {
        Name = name;
        Parameters = parameters;
        ParameterNames = names;
        Canonical = canonical;
        _selector = Keccak.HashUtf8(canonical)[..4];
    }

    public string Name { get; }

    public IReadOnlyList<AbiType> Parameters { get; }

    /// <summary>Parameter names as written ("" where none was given).</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>name(type1,type2,...) with canonical type names and no spaces.</summary>
    public string Canonical { get; }

    /// <summary>The first 4 bytes of keccak256(<see cref="Canonical"/>).</summary>
    public byte[] Selector => (byte[])_selector.Clone();

    public static FunctionSignature Parse(string signature)
    {
        var parsed = SignatureParser.Parse(signature, "function");
        if (parsed.Suffix.Length > 0 || parsed.Parameters.Any(p => p.Indexed))
        {
            throw new AbiException($"bad function signature '{signature}': unexpected '{(parsed.Suffix.Length > 0 ? parsed.Suffix : "indexed")}'");
        }

        return new FunctionSignature(parsed.Name, [.. parsed.Parameters.Select(p => p.Type)], [.. parsed.Parameters.Select(p => p.Name)], parsed.Canonical);
    }

    /// <summary>Decodes calldata for this function: the selector must match, the rest is the encoded arguments.</summary>
    public object?[] DecodeCall(ReadOnlySpan<byte> calldata)
    {
        if (calldata.Length < 4 || !calldata[..4].SequenceEqual(_selector))
        {
            throw new AbiException($"calldata does not start with the selector {Hex.Encode(_selector)} of {Canonical}");
        }

        return AbiDecoder.Decode(Parameters, calldata[4..]);
    }

    public override string ToString() => Canonical;
}

/// <summary>The 4-byte function selector: the first 4 bytes of keccak256 of the canonical signature.</summary>
public static class FunctionSelector
{
    /// <summary>Selector of e.g. <c>"transfer(address,uint256)"</c> (0xa9059cbb); human-readable forms are canonicalised first.</summary>
    public static byte[] Of(string signature) => FunctionSignature.Parse(signature).Selector;
}

/// <summary>An event's topic 0: keccak256 of its canonical signature.</summary>
public static class EventTopic
{
    /// <summary>Topic 0 of e.g. <c>"Transfer(address,address,uint256)"</c>; names and <c>indexed</c> markers are ignored.</summary>
    public static byte[] Of(string signature) => EventDefinition.Parse(signature).Topic0;
}
