using System.Text.Json.Serialization;

namespace EcoValue.Api.Features.Verification;

// What one scan answers (DESIGN.md "Verification"), as GET /api/v1/verify?link= and the resolver's JSON return it
// and as the consumer page renders it. Public: nothing here may name a person's contact, an exact plot location, a
// network address or anything a farmer did not publish. Dates are ISO 8601; hashes 0x-hex. Texts that a consumer
// reads come in both languages so the page can switch without another request.

/// <summary>A text in both languages the product speaks.</summary>
public sealed record Bilingual(string En, string Zh);

/// <summary>The answer to one scan: the status (worst first), why, and everything needed to check it without us.</summary>
public sealed record VerificationView(
    string Link,
    [property: JsonConverter(typeof(StatusNameConverter))] Domain.Verification.VerificationStatus Status,
    Bilingual Headline,
    IReadOnlyList<ReasonView> Reasons,
    Bilingual Advice,
    string CheckedAt,
    ItemView? Item,
    BatchView? Batch,
    ProducerView? Producer,
    IReadOnlyList<JourneyStepView> Journey,
    IReadOnlyList<LabResultView> LabResults,
    LicenceView? Licence,
    RecallView? Recall,
    [property: JsonConverter(typeof(SerializedOnceListConverter))] IReadOnlyList<RecordProofView> Proofs,
    ItemProofView? ItemProof,
    ChainView? Chain);

/// <summary>One reason behind the status; <see cref="Code"/> is stable (e.g. <c>licence.revoked</c>, <c>scans.impossible_travel</c>).</summary>
public sealed record ReasonView(string Code, string Status, string En, string Zh);

/// <summary>The scanned item: its serial as printed, when issued, and what the scan log says (first scan, how often).</summary>
public sealed record ItemView(string Serial, string ShortCode, string IssuedAt, string? FirstScanAt, int ScanCount, bool Withdrawn, string? WithdrawnReason);

public sealed record BatchView(string Id, string Gtin, string Lot, string Product, string Category, string HarvestDate, double Quantity, string Unit);

public sealed record RegionView(string Code, string? Zh, string? En);

/// <summary>The producer as published: name and region only (contacts stay private).</summary>
public sealed record ProducerView(string Id, string Name, RegionView Region, string? PlotName, RegionView? PlotRegion);

/// <summary>One step of the journey (field events and EPCIS events), oldest first.</summary>
public sealed record JourneyStepView(string Kind, string OccurredAt, string? Place, RegionView? Region, string RecordId);

public sealed record AnalyteView(string Name, double Value, string Unit, double? Limit, string? LimitSource);

/// <summary>A lab result's public fields: lab, sample date, analytes; report files and numbers stay private.</summary>
public sealed record LabResultView(string Lab, string SampleDate, IReadOnlyList<AnalyteView> Analytes, string RecordId);

public sealed record BrandView(string Id, string NameZh, string NameEn);

/// <summary>The licence behind the brand the batch bears, with its standing on the day of the scan.</summary>
public sealed record LicenceView(
    string Id, BrandView Brand, string StandardId, string StandardVersion, string Status, string ValidFrom, string ValidUntil,
    string Certifier, string? StatusReason, string VerifyUrl);

public sealed record RecallView(string Reason, string At, string RecordId);

/// <summary>
/// One record's proof (the shape of GET /api/v1/records/{id}/proof, plus the role the record plays here). A browser
/// checks it with keccak256 alone: keccak(envelope) = recordHash, leaf = keccak(keccak(recordHash)), proof → root
/// (OpenZeppelin's sorted-pair hashing), root anchored on <see cref="ChainView.Contract"/>.
/// </summary>
public sealed record RecordProofView(
    string Role, string RecordId, string Status, string Envelope, string RecordHash, string? Leaf, IReadOnlyList<string> Proof,
    string? Root, long? LeafIndex, string? TransactionHash, long? BlockNumber, string? Problem);

/// <summary>
/// The item's membership in its issuance: value = keccak256(serial), leaf = keccak(keccak(value)), proof → serialsRoot,
/// which the issuance record's data names (and whose own proof is in <see cref="VerificationView.Proofs"/> as role "item-issuance").
/// </summary>
public sealed record ItemProofView(string Serial, string Value, string Leaf, IReadOnlyList<string> Proof, string SerialsRoot, string IssuanceRecordId);

/// <summary>Where the roots are: chain id, AnchorRegistry address, and a public RPC URL for browsers when one is configured.</summary>
public sealed record ChainView(long ChainId, string? Contract, string? PublicRpcUrl, string? ExplorerTxUrl);

/// <summary>Statuses travel as DESIGN.md spells them (<c>GENUINE</c>, <c>UNKNOWN</c>, …): clients depend on those names.</summary>
public sealed class StatusNameConverter() : JsonStringEnumConverter<Domain.Verification.VerificationStatus>(System.Text.Json.JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false);

/// <summary>
/// Writes a list of record proofs, each serialized once and then copied as bytes. The proofs an answer shows are the
/// batch's, built once per cache period (<see cref="VerificationCache"/>) and shared by every answer meanwhile, and
/// their envelopes are most of an answer's bytes (JSON inside a JSON string, escaped character by character), so every
/// answer escaped the same envelopes again. The bytes are those of the default serialization with the caller's
/// options, which they are keyed by.
/// </summary>
public sealed class SerializedOnceListConverter : JsonConverter<IReadOnlyList<RecordProofView>>
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RecordProofView, Serialized> Cache = new();

    private sealed record Serialized(System.Text.Json.JsonSerializerOptions Options, byte[] Utf8);

    public override IReadOnlyList<RecordProofView>? Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        System.Text.Json.JsonSerializer.Deserialize<List<RecordProofView>>(ref reader, options);

    public override void Write(System.Text.Json.Utf8JsonWriter writer, IReadOnlyList<RecordProofView> value, System.Text.Json.JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        writer.WriteStartArray();
        foreach (var proof in value)
        {
            if (options.WriteIndented)
            {
                // Raw bytes would not carry the writer's indentation; indented output is for people, not hot paths.
                System.Text.Json.JsonSerializer.Serialize(writer, proof, options);
                continue;
            }

            if (!Cache.TryGetValue(proof, out var serialized) || !ReferenceEquals(serialized.Options, options))
            {
                serialized = new Serialized(options, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(proof, options));
                Cache.AddOrUpdate(proof, serialized);
            }

            writer.WriteRawValue(serialized.Utf8, skipInputValidation: true);
        }

        writer.WriteEndArray();
    }
}
