using EcoValue.Domain.Codes;

namespace EcoValue.Api.Features.Verification;

/// <summary>How a link resolved: a batch or item of ours, nothing we issued, or an item its producer withdrew.</summary>
public enum VerificationOutcome
{
    Found,
    Unknown,
    Withdrawn,
}

/// <summary>The answer to one link: the view, how it resolved (the HTTP status follows from it) and the link as parsed.</summary>
public sealed record VerificationResult(VerificationOutcome Outcome, VerificationView View, DigitalLink Link)
{
    /// <summary>200, 404 for a code we never issued, 410 for a withdrawn one.</summary>
    public int HttpStatus => Outcome switch
    {
        VerificationOutcome.Unknown => StatusCodes.Status404NotFound,
        VerificationOutcome.Withdrawn => StatusCodes.Status410Gone,
        _ => StatusCodes.Status200OK,
    };
}
