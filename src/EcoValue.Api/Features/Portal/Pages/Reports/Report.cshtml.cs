using EcoValue.Api.Features.BulkVerification;
using EcoValue.Data.Reports;
using EcoValue.Domain.Validation;
using EcoValue.Domain.Verification.Reports;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages.Reports;

/// <summary>
/// /portal/reports/{id}: one saved report for its owner — counts per status, signer, the results (problems first, at
/// most <see cref="MaxRows"/>: a 10,000-code page helps nobody; the files hold everything) — and its downloads
/// (?format=json|csv|html), written by the API's own <see cref="BulkVerificationApi.Render"/>: the signed JSON is
/// the exact stored bytes. Someone else's report is "not found", as a missing one.
/// </summary>
public sealed class ReportModel(ReportRepository store) : PortalPageModel
{
    public const int MaxRows = 500;

    private static readonly Dictionary<string, Text> NoFields = new(StringComparer.Ordinal);

    public override Text Title => PortalText.ReportTitle;

    public PortalForm Form { get; private set; } = null!;

    public ReportSummaryRow Row { get; private set; } = null!;

    public VerificationReport Report { get; private set; } = null!;

    /// <summary>The rows shown: every code not GENUINE first, then the genuine ones, each group in list order, at most <see cref="MaxRows"/>.</summary>
    public IReadOnlyList<ReportResult> Shown { get; private set; } = [];

    public string FormatHref(string format) => "/portal/reports/" + Uri.EscapeDataString(Row.Id) + "?format=" + format;

    public async Task<IActionResult> OnGetAsync(string id, string? format, CancellationToken ct)
    {
        Form = new PortalForm(Zh, NoFields);
        if (id is not { Length: > 0 and <= 64 } || await store.GetAsync(id, Caller.UserId, ct) is not { } saved)
        {
            return NotFoundPage();
        }

        Row = saved.Row;
        if (format is not null)
        {
            if (format is not ("json" or "csv" or "html"))
            {
                Form.Add(new FieldError("format", "report.format", PortalText.ReportFormatInvalid.En, PortalText.ReportFormatInvalid.Zh));
                Load(saved.Document);
                return Invalid();
            }

            var result = BulkVerificationApi.Render(HttpContext, saved.Document, Row.Id, format, StatusCodes.Status200OK);
            if (format == "json")
            {
                // From the portal the JSON is a file to keep, not a page to look at.
                Response.Headers.ContentDisposition = $"attachment; filename=\"verification-report-{Row.Id}.json\"";
            }

            return new ResultAction(result);
        }

        Load(saved.Document);
        return Page();
    }

    private void Load(byte[] document)
    {
        Report = ReportRenderings.Read(document).Report;
        Shown = [.. Report.Results.Where(r => r.Status != "GENUINE").Concat(Report.Results.Where(r => r.Status == "GENUINE")).Take(MaxRows)];
    }

    /// <summary>Runs a minimal-API result (the report file) from a page handler.</summary>
    private sealed class ResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
