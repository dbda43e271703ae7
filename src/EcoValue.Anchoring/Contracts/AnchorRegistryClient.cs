using System.Numerics;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Abi;
using EcoValue.Ethereum.Rpc;

namespace EcoValue.Anchoring.Contracts;

/// <summary>When and in which block a root was anchored (all zero when it never was).</summary>
public sealed record AnchorInfo(ulong BlockNumber, ulong Timestamp, uint LeafCount)
{
    public bool IsAnchored => BlockNumber != 0;
}

/// <summary>The Anchored event of a root: which transaction and block carried it.</summary>
public sealed record AnchoredEvent(byte[] Root, uint LeafCount, ulong BlockNumber, Address Anchorer, byte[] TransactionHash, byte[] BlockHash);

/// <summary>
/// Typed access to AnchorRegistry (contracts/src/IAnchorRegistry.sol): calldata for <c>anchor</c>, and the reads
/// anyone can do with one eth_call. Signing and sending belong to the caller (the worker owns nonces).
/// </summary>
public sealed class AnchorRegistryClient(EthClient eth, Address contract)
{
    public static readonly EventDefinition AnchoredEventDefinition =
        EventDefinition.Parse("Anchored(bytes32 indexed root, uint32 leafCount, uint64 blockNumber, address indexed anchorer)");

    public Address Contract { get; } = contract;

    /// <summary>Calldata of <c>anchor(root, leafCount)</c>.</summary>
    public static byte[] EncodeAnchor(ReadOnlySpan<byte> root, uint leafCount)
    {
        RequireWord(root, nameof(root));
        return AbiEncoder.EncodeFunctionCall("anchor(bytes32,uint32)", root.ToArray(), (BigInteger)leafCount);
    }

    public async Task<AnchorInfo> AnchoredAtAsync(byte[] root, BlockParameter? block = null, CancellationToken ct = default)
    {
        RequireWord(root, nameof(root));
        var result = await CallAsync("anchoredAt(bytes32)", [root], block, ct).ConfigureAwait(false);
        var values = AbiDecoder.Decode("uint64,uint64,uint32", result);
        return new AnchorInfo((ulong)(BigInteger)values[0]!, (ulong)(BigInteger)values[1]!, (uint)(BigInteger)values[2]!);
    }

    /// <summary>AnchorRegistry.verify: the root is anchored and <paramref name="proof"/> takes <paramref name="leaf"/> to it.</summary>
    public async Task<bool> VerifyAsync(byte[] root, byte[] leaf, IReadOnlyList<byte[]> proof, CancellationToken ct = default)
    {
        RequireWord(root, nameof(root));
        RequireWord(leaf, nameof(leaf));
        var result = await CallAsync("verify(bytes32,bytes32,bytes32[])", [root, leaf, proof.Cast<object?>().ToArray()], null, ct).ConfigureAwait(false);
        return (bool)AbiDecoder.Decode("bool", result)[0]!;
    }

    /// <summary>keccak256("ANCHORER_ROLE"): the role the service key holds (AccessControl).</summary>
    public static byte[] AnchorerRole { get; } = Keccak.Hash("ANCHORER_ROLE"u8);

    /// <summary>AccessControl.hasRole(role, account) by eth_call.</summary>
    public async Task<bool> HasRoleAsync(byte[] role, Address account, CancellationToken ct = default)
    {
        RequireWord(role, nameof(role));
        var result = await CallAsync("hasRole(bytes32,address)", [role, account], null, ct).ConfigureAwait(false);
        return (bool)AbiDecoder.Decode("bool", result)[0]!;
    }

    /// <summary>The Anchored log of <paramref name="root"/> at or after <paramref name="fromBlock"/>, or null.</summary>
    public async Task<AnchoredEvent?> FindAnchoredAsync(byte[] root, ulong fromBlock, CancellationToken ct = default)
    {
        RequireWord(root, nameof(root));
        var events = await eth.GetEventsAsync(AnchoredEventDefinition, new LogFilter
        {
            FromBlock = fromBlock,
            ToBlock = BlockParameter.Latest,
            Addresses = [Contract],
            Topics = [null, [root]],
        }, ct).ConfigureAwait(false);
        if (events.Count == 0)
        {
            return null;
        }

        var (log, ev) = events[^1];
        return new AnchoredEvent(
            ev.Get<byte[]>("root"),
            (uint)ev.Get<BigInteger>("leafCount"),
            (ulong)ev.Get<BigInteger>("blockNumber"),
            ev.Get<Address>("anchorer"),
            log.TransactionHash,
            log.BlockHash);
    }

    private async Task<byte[]> CallAsync(string signature, object?[] args, BlockParameter? block, CancellationToken ct) =>
        await eth.CallAsync(new CallRequest { To = Contract, Data = AbiEncoder.EncodeFunctionCall(signature, args) }, block, ct).ConfigureAwait(false);

    private static void RequireWord(ReadOnlySpan<byte> value, string name)
    {
        if (value.Length != 32)
        {
            throw new ArgumentException($"{name} must be 32 bytes, got {value.Length}", name);
        }
    }
}
