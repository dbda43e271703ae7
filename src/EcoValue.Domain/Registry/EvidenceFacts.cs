using System.Globalization;
using System.Text.Json.Nodes;
using EcoValue.Domain.Records;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Registry;

/// <summary>A declared carbon intensity (kg CO2e per kg of product) of one category, and what it rests on (e.g. ISO 14067:2018).</summary>
public sealed record CarbonInput(string? Category, double? KgCo2ePerKg, string? Basis);

/// <summary>
/// A document on file for a producer, or for one of its batches: a business licence, a soil and water environment
/// report, an input log, a compliance certificate (承诺达标合格证), a carbon-footprint report with its declared value …
/// <c>kind</c> is the slug brand standards ask for (certification-rules/README.md, <c>evidence_required</c>).
/// </summary>
public sealed record EvidenceInput(string? Kind, string? Title, string? BatchId, string? IssuedOn, string? ValidUntil, string? FileHash, CarbonInput? Carbon);

/// <summary>A validated carbon declaration.</summary>
public sealed record CarbonFacts(string Category, double KgCo2ePerKg, string? Basis);

/// <summary>
/// A validated evidence document. The file itself stays with the producer; the registry keeps its hash
/// (<c>sha256:…</c> or <c>0x…</c>, lower case), which enters the public record only as a salted digest, like a lab
/// report's. A carbon declaration may only come with a <see cref="CarbonReportKind"/> document.
/// </summary>
public sealed record EvidenceFacts(string Kind, string Title, string? BatchId, string? IssuedOn, string? ValidUntil, string? FileHash, CarbonFacts? Carbon)
{
    public const int MaxTitle = 200;
    public const int MaxKind = 50;
    public const string CarbonReportKind = "carbon-footprint-report";

    /// <summary>Kinds the shipped standards ask for (others are allowed: a standard may name new ones).</summary>
    public static IReadOnlyList<string> KnownKinds { get; } =
        ["business-licence", "soil-environment-report", "input-log", "compliance-certificate", CarbonReportKind, "ecological-protection-pledge"];

    public static EvidenceFacts Validate(EvidenceInput? input, DateOnly today)
    {
        var errors = new FieldErrors();
        if (input is null)
        {
            errors.Add(string.Empty, "required", "an evidence document object is required", "需要提供证明材料");
            errors.ThrowIfAny();
        }

        var kind = CheckKind(errors, "kind", input!.Kind);
        var title = TextRules.Required(errors, "title", input.Title, MaxTitle);
        var batch = TextRules.Optional(errors, "batchId", input.BatchId, 64);
        var issued = input.IssuedOn is null ? null : BatchFacts.CheckDate(errors, "issuedOn", input.IssuedOn, today);
        string? until = null;
        if (input.ValidUntil is not null)
        {
            if (!DateOnly.TryParseExact(input.ValidUntil, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var u) || u.Year < 1900)
            {
                errors.Add("validUntil", "date.format", "must be a date as yyyy-MM-dd", "应为日期，格式 yyyy-MM-dd");
            }
            else if (issued is not null && string.CompareOrdinal(input.ValidUntil, issued) < 0)
            {
                errors.Add("validUntil", "evidence.validity", "must not be before issuedOn", "不能早于 issuedOn");
            }
            else
            {
                until = input.ValidUntil;
            }
        }

        var hash = CheckFileHash(errors, "fileHash", input.FileHash);
        CarbonFacts? carbon = null;
        if (input.Carbon is { } c)
        {
            if (kind is not null && kind != CarbonReportKind)
            {
                errors.Add("carbon", "evidence.carbon_kind", $"a carbon declaration comes with a {CarbonReportKind} document", $"碳排放声明须随 {CarbonReportKind} 类材料提交");
            }

            var category = BatchFacts.CheckCategory(errors, "carbon.category", c.Category);
            if (c.KgCo2ePerKg is not { } v)
            {
                errors.Add("carbon.kgCo2ePerKg", "required", "is required", "必填");
            }
            else if (!(v >= 0 && v <= 1e6))
            {
                errors.Add("carbon.kgCo2ePerKg", "out_of_range", "must be between 0 and 1,000,000", "应在 0 到 1,000,000 之间");
            }

            var basis = TextRules.Optional(errors, "carbon.basis", c.Basis, MaxTitle);
            if (category is not null && c.KgCo2ePerKg is { } value)
            {
                carbon = new CarbonFacts(category, value, basis);
            }
        }

        errors.ThrowIfAny();
        return new EvidenceFacts(kind!, title!, batch, issued, until, hash, carbon);
    }

    /// <summary>A lower-case slug, as standards name evidence kinds.</summary>
    public static string? CheckKind(FieldErrors errors, string field, string? value)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(field, "required", "is required", "必填");
            return null;
        }

        var ok = value.Length <= MaxKind && value[0] is >= 'a' and <= 'z' && value[^1] != '-' && !value.Contains("--", StringComparison.Ordinal)
            && value.All(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
        if (!ok)
        {
            errors.Add(field, "evidence.kind", $"must be a lower-case slug such as {string.Join(", ", KnownKinds.Take(3))} (a-z, 0-9, single '-', at most {MaxKind})",
                $"应为小写标识，如 {string.Join("、", KnownKinds.Take(3))}（a-z、0-9、单个 '-'，最多 {MaxKind} 个字符）");
            return null;
        }

        return value;
    }

    /// <summary>sha256:&lt;64 hex&gt; or 0x&lt;64 hex&gt;, normalised to lower case; null stays null.</summary>
    public static string? CheckFileHash(FieldErrors errors, string field, string? value)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value is null)
        {
            return null;
        }

        var hash = value.ToLowerInvariant();
        var hex = hash.StartsWith("sha256:", StringComparison.Ordinal) ? hash[7..] : hash.StartsWith("0x", StringComparison.Ordinal) ? hash[2..] : null;
        if (hex is not { Length: 64 } || !hex.All(char.IsAsciiHexDigitLower))
        {
            errors.Add(field, "hash.format", "must be sha256:<64 hex> or 0x<64 hex>", "应为 sha256:<64 位十六进制> 或 0x<64 位十六进制>");
            return null;
        }

        return hash;
    }

    /// <summary>Kind, title, dates and the carbon declaration are public; the file's hash enters only as a salted digest.</summary>
    public JsonObject ToRecordData(string evidenceId, string producerId, string? supersedes) => RecordData.With(supersedes, new JsonObject
    {
        ["evidence"] = evidenceId,
        ["producer"] = producerId,
        ["batch"] = BatchId,
        ["kind"] = Kind,
        ["title"] = Title,
        ["issuedOn"] = IssuedOn,
        ["validUntil"] = ValidUntil,
        ["file"] = FileHash is null ? null : SaltedDigest.Commit(JsonValue.Create(FileHash)).ToPublicJson(),
        ["carbon"] = Carbon is null ? null : new JsonObject { ["category"] = Carbon.Category, ["kgCo2ePerKg"] = Carbon.KgCo2ePerKg, ["basis"] = Carbon.Basis },
    });
}
