using System.Globalization;
using EcoValue.Data.Registry;
using EcoValue.Domain.Identifiers;
using EcoValue.Domain.Registry;

namespace EcoValue.Api.Features.Portal;

/// <summary>How the portal shows codes and times: event kinds, approval states, regions, numbers and local times.</summary>
public static class PortalFormat
{
    private static readonly Dictionary<string, Text> KindTexts = new(StringComparer.Ordinal)
    {
        ["input-applied"] = PortalText.KindInputApplied,
        ["harvest"] = PortalText.KindHarvest,
        ["packing"] = PortalText.KindPacking,
        ["storage"] = PortalText.KindStorage,
        ["shipping"] = PortalText.KindShipping,
        ["processing"] = PortalText.KindProcessing,
        ["sampling"] = PortalText.KindSampling,
        ["commissioning"] = PortalText.KindCommissioning,
        ["other"] = PortalText.KindOther,
    };

    private static readonly Dictionary<string, Text> EntryKinds = new(StringComparer.Ordinal)
    {
        ["producer"] = PortalText.KindProducer,
        ["plot"] = PortalText.KindPlot,
        ["batch"] = PortalText.KindBatch,
        ["field-event"] = PortalText.KindFieldEvent,
        ["lab-result"] = PortalText.KindLabResult,
    };

    /// <summary>The event kinds a farmer can pick, in the domain's order.</summary>
    public static IReadOnlyList<Choice> EventKinds(bool zh) =>
        [.. FieldEventFacts.Kinds.Select(k => new Choice(k, KindTexts.TryGetValue(k, out var t) ? t.In(zh) : k))];

    public static string EventKind(string kind, bool zh) => KindTexts.TryGetValue(kind, out var t) ? t.In(zh) : kind;

    public static string EntryKind(string kind, bool zh) => EntryKinds.TryGetValue(kind, out var t) ? t.In(zh) : kind;

    public static string ApprovalStatus(string status, bool zh) => status switch
    {
        "approved" => PortalText.StatusApproved.In(zh),
        "rejected" => PortalText.StatusRejected.In(zh),
        _ => PortalText.StatusPending.In(zh),
    };

    /// <summary>"469025 白沙黎族自治县" (or the English name); the bare code when the table does not know it.</summary>
    public static string Region(string? code, bool zh)
    {
        if (string.IsNullOrEmpty(code))
        {
            return string.Empty;
        }

        return RegionCode.TryParse(code, out var region) && (zh ? region.NameZh : region.NameEn) is { } name ? $"{code} {name}" : code;
    }

    public static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>A stored UTC time shown in the offset it was reported in: "2026-03-02 08:30 (+08:00)".</summary>
    public static string LocalTime(string utc, string offset)
    {
        if (!DateTimeOffset.TryParse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return utc;
        }

        if (TryParseOffset(offset, out var span))
        {
            at = at.ToOffset(span);
        }

        return at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (" + offset + ")";
    }

    /// <summary>"+08:00" / "-05:30" as a TimeSpan.</summary>
    public static bool TryParseOffset(string? text, out TimeSpan offset)
    {
        offset = default;
        if (text is not { Length: 6 } || text[0] is not ('+' or '-') || text[3] != ':'
            || !int.TryParse(text.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(text.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m) || h > 14 || m > 59)
        {
            return false;
        }

        offset = new TimeSpan(h, m, 0) * (text[0] == '-' ? -1 : 1);
        return true;
    }

    /// <summary>UTC offsets a farmer may pick (China is +08:00; a few others for shipping abroad).</summary>
    public static IReadOnlyList<Choice> Offsets { get; } =
        [.. new[] { "+08:00", "+07:00", "+09:00", "+05:30", "+00:00", "+01:00", "+02:00", "+03:00", "-05:00", "-08:00" }.Select(o => new Choice(o, "UTC" + o))];

    /// <summary>Where the batch's GS1 Digital Link points (DESIGN.md "Identifiers"): /01/{gtin}/10/{lot}, lot percent-encoded.</summary>
    public static string DigitalLinkPath(BatchRow batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return $"/01/{batch.Gtin}/10/{Uri.EscapeDataString(batch.Lot)}";
    }
}

/// <summary>An entry's anchoring state as the <c>_Badge</c> partial shows it: pending or anchored, its record and proof link.</summary>
public sealed record AnchoringBadge(string Status, string RecordId, bool Zh)
{
    public string Label => (Status == "anchored" ? PortalText.Anchored : PortalText.Pending).In(Zh);

    public string Hint => (Status == "anchored" ? PortalText.AnchoredHint : PortalText.PendingHint).In(Zh);

    public string RecordLabel => PortalText.Record.In(Zh);

    public string ProofLabel => PortalText.Proof.In(Zh);

    public string ProofHref => $"/api/v1/records/{Uri.EscapeDataString(RecordId)}/proof";
}
