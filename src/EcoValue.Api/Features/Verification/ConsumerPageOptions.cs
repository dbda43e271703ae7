using System.ComponentModel.DataAnnotations;

namespace EcoValue.Api.Features.Verification;

/// <summary>The consumer page's settings, bound from "EcoValue:ConsumerPage" (docs/consumer-page.md) and validated at start.</summary>
public sealed class ConsumerPageOptions : IValidatableObject
{
    public const string Section = "EcoValue:ConsumerPage";

    /// <summary>
    /// Where a consumer reports a suspect product (an https: page or a mailto: address), linked from the unknown,
    /// tampered and suspicious pages. Unset: the page names the market regulator's 12315 hotline only.
    /// </summary>
    public string? ReportUrl { get; set; }

    /// <summary>
    /// Times are shown at this offset from UTC, labelled with it. China keeps one zone without daylight saving, so a
    /// fixed +8 is exact there and needs no time-zone database on the host.
    /// </summary>
    [Range(-12, 14)]
    public int UtcOffsetHours { get; set; } = 8;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ReportUrl is { Length: > 0 } url && !IsReportUrl(url))
        {
            yield return new ValidationResult($"{Section}:ReportUrl must be an absolute https:, http: or mailto: URL", [nameof(ReportUrl)]);
        }
    }

    internal static bool IsReportUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "mailto";
}
