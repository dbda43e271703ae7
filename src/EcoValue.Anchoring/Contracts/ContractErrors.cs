using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Abi;

namespace EcoValue.Anchoring.Contracts;

/// <summary>One argument of a decoded revert: its name in the ABI and its value (the <see cref="AbiDecoder"/> value model).</summary>
public sealed record ContractErrorArgument(string Name, string Type, object? Value)
{
    /// <summary>The value as a human reads it: hex for bytes, EIP-55 for addresses, decimal for integers.</summary>
    public string Display => Value switch
    {
        byte[] bytes => Hex.Encode(bytes),
        BigInteger i => i.ToString(CultureInfo.InvariantCulture),
        null => "null",
        _ => Value.ToString() ?? string.Empty,
    };
}

/// <summary>A revert decoded against a contract's ABI: the custom error's name and arguments (or Error(string) / Panic(uint256)).</summary>
public sealed record DecodedContractError(string Name, string Signature, IReadOnlyList<ContractErrorArgument> Arguments)
{
    /// <summary>The value of the argument called <paramref name="name"/>.</summary>
    public object? this[string name] => Arguments.FirstOrDefault(a => a.Name == name) is { } a
        ? a.Value
        : throw new KeyNotFoundException($"{Name} has no argument '{name}'");

    public override string ToString() => $"{Name}({string.Join(", ", Arguments.Select(a => $"{a.Name}={a.Display}"))})";
}

/// <summary>
/// The custom errors of a contract, read from its ABI (the artifact's <c>abi</c>, which lists inherited and library
/// errors too, e.g. OpenZeppelin's <c>InvalidAccountNonce</c>), so revert data can be turned back into a name and
/// named arguments. Solidity's built-in <c>Error(string)</c> and <c>Panic(uint256)</c> are always known.
/// </summary>
public sealed class ContractErrors
{
    private readonly Dictionary<uint, Definition> _bySelector = [];

    private ContractErrors(IEnumerable<Definition> definitions)
    {
        foreach (var d in definitions.Concat([Builtin("Error", ("message", "string")), Builtin("Panic", ("code", "uint256"))]))
        {
            _bySelector.TryAdd(Selector(d.Selector), d);
        }
    }

    /// <summary>Signatures of every known error, e.g. <c>CertifierNotAccredited(bytes32,address)</c>.</summary>
    public IEnumerable<string> Signatures => _bySelector.Values.Select(d => d.Signature);

    public static ContractErrors FromAbi(string abiJson)
    {
        ArgumentNullException.ThrowIfNull(abiJson);
        using var doc = JsonDocument.Parse(abiJson);
        var definitions = new List<Definition>();
        foreach (var entry in doc.RootElement.EnumerateArray())
        {
            if (entry.GetProperty("type").GetString() != "error")
            {
                continue;
            }

            var name = entry.GetProperty("name").GetString()!;
            var inputs = entry.GetProperty("inputs").EnumerateArray().Select(i => (i.GetProperty("name").GetString() ?? string.Empty, CanonicalType(i))).ToArray();
            definitions.Add(Define(name, inputs));
        }

        return new ContractErrors(definitions);
    }

    /// <summary>The error the revert data encodes, or null when it is empty, shorter than a selector, or of an unknown selector.</summary>
    public DecodedContractError? Decode(ReadOnlySpan<byte> revertData)
    {
        if (revertData.Length < 4 || !_bySelector.TryGetValue(Selector(revertData[..4]), out var definition))
        {
            return null;
        }

        object?[] values;
        try
        {
            values = AbiDecoder.Decode(definition.Types, revertData[4..]);
        }
        catch (AbiException)
        {
            return null; // a selector collision or garbage after a known selector: not this error
        }

        return new DecodedContractError(
            definition.Name,
            definition.Signature,
            [.. definition.Names.Select((n, i) => new ContractErrorArgument(n, definition.Types[i].Name, values[i]))]);
    }

    private static Definition Builtin(string name, params (string Name, string Type)[] inputs) => Define(name, inputs);

    private static Definition Define(string name, IReadOnlyList<(string Name, string Type)> inputs)
    {
        var signature = $"{name}({string.Join(",", inputs.Select(i => i.Type))})";
        return new Definition(name, signature, Keccak.HashUtf8(signature)[..4], [.. inputs.Select(i => AbiType.Parse(i.Type))], [.. inputs.Select(i => i.Name)]);
    }

    /// <summary>The canonical type of an ABI JSON parameter: tuples spelled out from their components, array suffixes kept.</summary>
    private static string CanonicalType(JsonElement parameter)
    {
        var type = parameter.GetProperty("type").GetString()!;
        if (!type.StartsWith("tuple", StringComparison.Ordinal))
        {
            return type;
        }

        var components = parameter.GetProperty("components").EnumerateArray().Select(CanonicalType);
        return new StringBuilder("(").AppendJoin(',', components).Append(')').Append(type.AsSpan("tuple".Length)).ToString();
    }

    private static uint Selector(ReadOnlySpan<byte> four) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(four);

    private sealed record Definition(string Name, string Signature, byte[] Selector, AbiType[] Types, string[] Names);
}
