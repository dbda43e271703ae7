using EcoValue.Ethereum;

namespace EcoValue.Anchoring.Contracts;

/// <summary>Where a revert was seen: before sending (nothing was spent) or in a mined transaction (gas was spent).</summary>
public enum RevertStage
{
    /// <summary>eth_call or eth_estimateGas said the call would revert; no transaction was sent.</summary>
    Simulation,

    /// <summary>The transaction was mined and failed (the state changed between simulation and inclusion).</summary>
    Mined,
}

/// <summary>
/// A contract call that reverted, with the custom error decoded from the contract's ABI: <see cref="ErrorName"/>
/// (e.g. <c>CertifierNotAccredited</c>) and <see cref="Error"/>'s named arguments, so callers can branch on the reason
/// and tell the user why. <see cref="Stage"/> says whether a transaction was sent. The message names the function and
/// the decoded error only, never calldata or keys.
/// </summary>
public sealed class ContractRevertException : Exception
{
    public ContractRevertException(string function, RevertStage stage, byte[] revertData, DecodedContractError? error, byte[]? transactionHash = null)
        : base(Describe(function, stage, revertData, error, transactionHash))
    {
        Function = function;
        Stage = stage;
        RevertData = revertData ?? [];
        Error = error;
        TransactionHash = transactionHash;
    }

    public ContractRevertException()
        : this("unknown", RevertStage.Simulation, [], null)
    {
    }

    public ContractRevertException(string message)
        : base(message)
    {
        Function = "unknown";
        RevertData = [];
    }

    public ContractRevertException(string message, Exception inner)
        : base(message, inner)
    {
        Function = "unknown";
        RevertData = [];
    }

    /// <summary>e.g. <c>LicenceRegistry.issueLicence</c>.</summary>
    public string Function { get; }

    public RevertStage Stage { get; }

    /// <summary>The raw revert data (selector and ABI-encoded arguments); empty when the node gave none.</summary>
    public byte[] RevertData { get; }

    /// <summary>The decoded error, or null when the data is empty or its selector is not in the ABI.</summary>
    public DecodedContractError? Error { get; }

    /// <summary>The error's name (<c>StandardMismatch</c>, <c>InvalidAccountNonce</c>, <c>Error</c>, <c>Panic</c>), or null.</summary>
    public string? ErrorName => Error?.Name;

    /// <summary>The failed transaction, when <see cref="Stage"/> is <see cref="RevertStage.Mined"/>.</summary>
    public byte[]? TransactionHash { get; }

    private static string Describe(string function, RevertStage stage, byte[]? data, DecodedContractError? error, byte[]? tx)
    {
        var reason = error?.ToString() ?? (data is { Length: > 0 } ? $"unknown error {Hex.Encode(data.AsSpan(0, Math.Min(4, data.Length)))}" : "no reason given");
        var where = stage == RevertStage.Simulation
            ? "caught by simulation; no transaction was sent"
            : $"in mined transaction {(tx is null ? "?" : Hex.Encode(tx))}";
        return $"{function} reverted: {reason} ({where})";
    }
}
