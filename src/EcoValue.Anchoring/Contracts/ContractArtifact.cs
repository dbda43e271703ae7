using System.Reflection;
using System.Text.Json;
using EcoValue.Ethereum;

namespace EcoValue.Anchoring.Contracts;

/// <summary>
/// A compiled contract from contracts/artifacts (built by contracts/scripts/build-artifacts.js and checked in; a test
/// fails when they drift from the sources). Embedded in this assembly so the service and CLI need no checkout.
/// </summary>
public sealed record ContractArtifact(string ContractName, string CompilerVersion, byte[] Bytecode, byte[] DeployedBytecode, string AbiJson)
{
    /// <summary>keccak256 of the runtime code: what eth_getCode must hash to at a deployment of this artifact.</summary>
    public byte[] DeployedCodeHash => Keccak.Hash(DeployedBytecode);

    public static ContractArtifact Load(string contractName)
    {
        var assembly = typeof(ContractArtifact).Assembly;
        using var stream = assembly.GetManifestResourceStream($"EcoValue.Artifacts.{contractName}.json")
            ?? throw new InvalidOperationException($"no embedded artifact for {contractName}; known: {string.Join(", ", Names(assembly))}");
        return Parse(stream);
    }

    public static ContractArtifact Parse(Stream json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        string Str(JsonElement e, string name) => e.GetProperty(name).GetString() ?? throw new InvalidDataException($"artifact field {name} is null");
        return new ContractArtifact(
            Str(root, "contractName"),
            Str(root.GetProperty("compiler"), "version"),
            Hex.Decode(Str(root, "bytecode")),
            Hex.Decode(Str(root, "deployedBytecode")),
            root.GetProperty("abi").GetRawText());
    }

    private static IEnumerable<string> Names(Assembly assembly) =>
        assembly.GetManifestResourceNames().Where(n => n.StartsWith("EcoValue.Artifacts.", StringComparison.Ordinal));
}
