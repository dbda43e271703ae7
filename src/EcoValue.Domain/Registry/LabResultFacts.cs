using System.Globalization;
using System.Text.Json.Nodes;
using EcoValue.Domain.Records;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Registry;

/// <summary>A validated lab result. <see cref="ReportFileHash"/> is normalised to lower case (<c>sha256:…</c> or <c>0x…</c>).</summary>
public sealed record LabResultFacts(string Lab, string ReportNumber, string SampleDate, IReadOnlyList<AnalyteInput> Analytes, string? ReportFileHash)
{
    public const int MaxText = 200;
    public const int MaxAnalytes = 500;

    public static LabResultFacts Validate(LabResultInput? input, DateOnly today)
    {
        var errors = new FieldErrors();
        if (input is null)
        {
            errors.Add(string.Empty, "required", "a lab result object is required", "需要提供检测结果");
            errors.ThrowIfAny();
        }

        var lab = TextRules.Required(errors, "lab", input!.Lab, MaxText);
        var report = TextRules.Required(errors, "reportNumber", input.ReportNumber, 100);
        var sampled = BatchFacts.CheckDate(errors, "sampleDate", input.SampleDate, today);
        var analytes = new List<AnalyteInput>();
        if (input.Analytes is not { Count: > 0 } list)
        {
            errors.Add("analytes", "required", "at least one analyte is required", "至少需要一个检测项目");
        }
        else if (list.Count > MaxAnalytes)
        {
            errors.Add("analytes", "too_many", $"at most {MaxAnalytes} analytes", $"最多 {MaxAnalytes} 个检测项目");
        }
        else
        {
            for (var i = 0; i < list.Count; i++)
            {
                var at = $"analytes[{i.ToString(CultureInfo.InvariantCulture)}]";
                if (list[i] is not { } a)
                {
                    errors.Add(at, "required", "must be an object", "应为对象");
                    continue;
                }

                var name = TextRules.Required(errors, at + ".name", a.Name, MaxText);
                var unit = TextRules.Required(errors, at + ".unit", a.Unit, 40);
                var method = TextRules.Optional(errors, at + ".method", a.Method, MaxText);
                NonNegative(errors, at + ".value", a.Value, required: true);
                NonNegative(errors, at + ".detectionLimit", a.DetectionLimit, required: false);
                analytes.Add(new AnalyteInput(name, a.Value, unit, a.DetectionLimit, method));
            }
        }

        string? hash = null;
        if (input.ReportFileHash is { } h)
        {
            hash = h.ToLowerInvariant();
            var hex = hash.StartsWith("sha256:", StringComparison.Ordinal) ? hash[7..] : hash.StartsWith("0x", StringComparison.Ordinal) ? hash[2..] : null;
            if (hex is not { Length: 64 } || !hex.All(char.IsAsciiHexDigitLower))
            {
                errors.Add("reportFileHash", "hash.format", "must be sha256:<64 hex> or 0x<64 hex>", "应为 sha256:<64 位十六进制> 或 0x<64 位十六进制>");
            }
        }

        errors.ThrowIfAny();
        return new LabResultFacts(lab!, report!, sampled!, analytes, hash);
    }

    /// <summary>Analytes are public (consumers see lab results); the report file's hash enters only as a salted digest.</summary>
    public JsonObject ToRecordData(string labResultId, string batchId, string producerId, string? supersedes) => RecordData.With(supersedes, new JsonObject
    {
        ["labResult"] = labResultId,
        ["batch"] = batchId,
        ["producer"] = producerId,
        ["lab"] = Lab,
        ["reportNumber"] = ReportNumber,
        ["sampleDate"] = SampleDate,
        ["analytes"] = AnalytesJson(),
        ["reportFile"] = ReportFileHash is null ? null : SaltedDigest.Commit(JsonValue.Create(ReportFileHash)).ToPublicJson(),
    });

    public JsonArray AnalytesJson() => [.. Analytes.Select(a => (JsonNode)new JsonObject
    {
        ["name"] = a.Name, ["value"] = a.Value, ["unit"] = a.Unit, ["detectionLimit"] = a.DetectionLimit, ["method"] = a.Method,
    })];

    private static void NonNegative(FieldErrors errors, string field, double? value, bool required)
    {
        if (value is not { } v)
        {
            if (required)
            {
                errors.Add(field, "required", "is required", "必填");
            }
        }
        else if (!(v >= 0 && v <= 1e12))
        {
            errors.Add(field, "out_of_range", "must be 0 or more", "应不小于 0");
        }
    }
}
