using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcoValue.Domain.Verification.Reports;

// The bulk verification report (issue 7; docs/verification-report.md): what a buyer takes home from checking a
// shipment's codes, signed by the service key so it can be re-checked offline, without us. Every claim in it that
// can be proven is: each anchored record carries its envelope (keccak256(envelope) = hash), each anchoring root an
// OpenZeppelin multiproof of the record hashes used, each issuance a multiproof of the serials checked. Hashes and
// addresses are lowercase 0x-hex; instants UTC with milliseconds and Z; absent values are omitted.

/// <summary>The signed part of a report; <see cref="Label"/> is the buyer's own name for it (a shipment, an invoice), signed with the rest.</summary>
public sealed record VerificationReport(
    string Type,
    int Version,
    string Id,
    string CreatedAt,
    string Service,
    string Signer,
    ReportChain Chain,
    ReportSummary Summary,
    IReadOnlyList<ReportResult> Results,
    IReadOnlyList<ReportRecord> Records,
    IReadOnlyList<ReportAnchor> Anchors,
    IReadOnlyList<ReportSerialTree> SerialTrees,
    string? Label = null)
{
    /// <summary>The value of <see cref="Type"/>.</summary>
    public const string TypeName = "EcoValueVerificationReport";

    /// <summary>The format version this code writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>How report JSON is written before canonicalisation: camelCase, nulls omitted.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>Which chain the roots are on: chain id and the AnchorRegistry address.</summary>
public sealed record ReportChain(long ChainId, string? AnchorRegistry);

/// <summary>How many codes were checked and how many answered each status (names as DESIGN.md spells them).</summary>
public sealed record ReportSummary(int Total, IReadOnlyDictionary<string, int> ByStatus);

/// <summary>A reason behind a result's status, with its stable code and both languages.</summary>
public sealed record ReportReason(string Code, string En, string Zh);

/// <summary>
/// One input code's answer. <see cref="Records"/> names the records (ids in <see cref="VerificationReport.Records"/>)
/// the answer rests on; <see cref="Issuance"/> the issuance record whose serial tree holds <see cref="Serial"/>.
/// </summary>
public sealed record ReportResult(
    int Index,
    string Input,
    string Status,
    IReadOnlyList<ReportReason> Reasons,
    string? Link,
    string? Gtin,
    string? Lot,
    string? Serial,
    string? Batch,
    string? Product,
    string? Producer,
    string? Licence,
    string? Issuance,
    IReadOnlyList<string> Records);

/// <summary>
/// A record an answer rests on. <see cref="Status"/> is <c>anchored</c>, <c>anchoring</c>, <c>pending</c> or
/// <c>tampered</c>; an anchored one carries its envelope and the root it is proven under.
/// </summary>
public sealed record ReportRecord(string Id, string Role, string Status, string Hash, string? Envelope, string? Root);

/// <summary>One anchoring root: where it went on chain and a multiproof of the report's record hashes under it.</summary>
public sealed record ReportAnchor(string Root, long LeafCount, string? Tx, long? Block, ReportMultiProof MultiProof);

/// <summary>OpenZeppelin's multiproof shape (<c>getMultiProof</c>): the proven values, the sibling nodes, the flags.</summary>
public sealed record ReportMultiProof(IReadOnlyList<string> Leaves, IReadOnlyList<string> Proof, IReadOnlyList<bool> ProofFlags);

/// <summary>An issuance's serial tree: the root its record names and a multiproof of keccak256(serial) for the serials checked.</summary>
public sealed record ReportSerialTree(string Issuance, string SerialsRoot, ReportMultiProof MultiProof);
