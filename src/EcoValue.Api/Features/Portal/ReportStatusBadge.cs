namespace EcoValue.Api.Features.Portal;

/// <summary>
/// A verification status (GENUINE, UNKNOWN…) as the <c>_ReportStatus</c> partial shows it: its name in the page's
/// language, a tone (green genuine, amber pending, red every other answer) and, in summaries, how many codes had it.
/// </summary>
public sealed record ReportStatusBadge(string Status, int? Count, bool Zh)
{
    public string Name => PortalText.ReportStatusName(Status).In(Zh);

    public string Tone => Status switch
    {
        "GENUINE" => "good",
        "PENDING" => "wait",
        _ => "bad",
    };
}
