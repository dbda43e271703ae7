using System.Numerics;
using System.Text.Json;
using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Abi;
using EcoValue.Ethereum.Rpc;

namespace EcoValue.Bench;

/// <summary>
/// The Ethereum Attestation Service as the gas peer of our anchoring and licences: SchemaRegistry and EAS deployed
/// on the benchmark's anvil from the compiled artifacts of the pinned npm package
/// <c>@ethereum-attestation-service/eas-contracts</c> (bench/js/package.json, installed by scripts/bench only), exactly the bytecode EAS ships, not a
/// rebuild of ours. Calls are encoded with our ABI encoder and sent with our <see cref="TransactionSender"/>, as our
/// own contracts' calls are, so both sides pay the same transaction overheads.
/// </summary>
public sealed class Eas
{
    private const string Package = "@ethereum-attestation-service/eas-contracts";

    /// <summary>topic0 of <c>Attested(address indexed recipient, address indexed attester, bytes32 uid, bytes32 indexed schemaUID)</c>.</summary>
    private static readonly byte[] AttestedTopic = Keccak.HashUtf8("Attested(address,address,bytes32,bytes32)");

    private readonly TransactionSender _sender;
    private readonly ContractErrors _errors;

    private Eas(TransactionSender sender, Address registry, Address eas, ContractErrors errors)
    {
        _sender = sender;
        Registry = registry;
        Contract = eas;
        _errors = errors;
    }

    public Address Registry { get; }

    public Address Contract { get; }

    /// <summary>Deploys SchemaRegistry, then EAS over it, from <paramref name="sender"/>'s account.</summary>
    public static async Task<Eas> DeployAsync(string root, TransactionSender sender, FeeEstimator fees)
    {
        ArgumentNullException.ThrowIfNull(sender);
        var deployer = new ContractDeployer(sender.Account, fees);
        var registry = await deployer.DeployAsync(Artifact(root, "SchemaRegistry"), string.Empty, []);
        var eas = Artifact(root, "EAS");
        var deployment = await deployer.DeployAsync(eas, "address", [registry.Address]);
        return new Eas(sender, registry.Address, deployment.Address, ContractErrors.FromAbi(eas.AbiJson));
    }

    /// <summary>Registers <paramref name="schema"/> (no resolver) and returns its UID, keccak256(abi.encodePacked(schema, resolver, revocable)) as EAS computes it.</summary>
    public async Task<byte[]> RegisterSchemaAsync(string schema, bool revocable)
    {
        await _sender.SendAsync(Registry, AbiEncoder.EncodeFunctionCall("register(string,address,bool)", schema, Address.Zero, revocable), _errors, "SchemaRegistry.register");
        return Keccak.Hash(AbiEncoder.EncodePacked(AbiType.ParseList("string,address,bool"), [schema, Address.Zero, revocable]));
    }

    /// <summary>One <c>attest</c> by the sender itself (no recipient, no expiry); returns the receipt and the new attestation's UID.</summary>
    public async Task<(Receipt Receipt, byte[] Uid)> AttestAsync(byte[] schemaUid, byte[] data, bool revocable)
    {
        object?[] request = [schemaUid, new object?[] { Address.Zero, 0UL, revocable, new byte[32], data, BigInteger.Zero }];
        var receipt = await _sender.SendAsync(Contract, AbiEncoder.EncodeFunctionCall("attest((bytes32,(address,uint64,bool,bytes32,bytes,uint256)))", [request]), _errors, "EAS.attest");
        var log = receipt.Logs.Single(l => l.Address == Contract && l.EventSignature is { } t && t.AsSpan().SequenceEqual(AttestedTopic));
        return (receipt, log.Data[..32]);
    }

    /// <summary>One <c>revoke</c> of an attestation of <paramref name="schemaUid"/> by its attester.</summary>
    public Task<Receipt> RevokeAsync(byte[] schemaUid, byte[] uid)
    {
        object?[] request = [schemaUid, new object?[] { uid, BigInteger.Zero }];
        return _sender.SendAsync(Contract, AbiEncoder.EncodeFunctionCall("revoke((bytes32,(bytes32,uint256)))", [request]), _errors, "EAS.revoke");
    }

    /// <summary>A Hardhat artifact of the package (abi, bytecode; no compiler field, so not <see cref="ContractArtifact.Parse"/>).</summary>
    private static ContractArtifact Artifact(string root, string name)
    {
        var path = Path.Combine(root, "bench", "js", "node_modules", Package, "artifacts", "contracts", name + ".sol", name + ".json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no {Package} artifact at {path}: run scripts/bench (it runs npm ci in contracts/)", path);
        }

        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var r = doc.RootElement;
        return new ContractArtifact(
            r.GetProperty("contractName").GetString()!,
            Package + " (Hardhat artifact)",
            Hex.Decode(r.GetProperty("bytecode").GetString()!),
            Hex.Decode(r.GetProperty("deployedBytecode").GetString()!),
            r.GetProperty("abi").GetRawText());
    }
}
