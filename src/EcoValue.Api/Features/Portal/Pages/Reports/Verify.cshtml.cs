using System.Globalization;
using System.Text;
using EcoValue.Api.Features.BulkVerification;
using EcoValue.Api.Features.Items;
using EcoValue.Api.Infrastructure;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages.Reports;

/// <summary>
/// /portal/verify: a buyer checks up to 10,000 codes at once — pasted, uploaded as CSV or text, or scanned with the
/// phone camera into the paste box (<c>scan-codes.js</c>; the page works without it) — through the API's own
/// <see cref="BulkVerifier"/>, and is sent (303) to the saved report. A refused list is shown again with its errors
/// (400) and nothing is saved.
/// </summary>
// Room for a full paste and a full file (each up to BulkInput.MaxBodyBytes) and then some, so that a list just over the
// limit gets the page's own message rather than the server's bare refusal.
[RequestSizeLimit(3L * BulkInput.MaxBodyBytes)]
[RequestFormLimits(ValueLengthLimit = 2 * BulkInput.MaxBodyBytes, MultipartBodyLengthLimit = 2L * BulkInput.MaxBodyBytes)]
public sealed class VerifyModel(BulkVerifier verifier, PublicLinks links) : PortalPageModel
{
    public static readonly IReadOnlyDictionary<string, Text> Labels = new Dictionary<string, Text>(StringComparer.Ordinal)
    {
        ["codes"] = PortalText.VerifyCodes,
        ["file"] = PortalText.VerifyFile,
        ["label"] = PortalText.VerifyLabel,
    };

    private static readonly string MaxMegabytes = (BulkInput.MaxBodyBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture);

    public override Text Title => PortalText.VerifyTitle;

    protected override string? ScriptSource => "'self'";

    public PortalForm Form { get; private set; } = null!;

    public void OnGet() => Form = new PortalForm(Zh, Labels);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var posted = await Request.ReadFormAsync(ct);
        Form = PortalForm.From(posted, Zh, Labels);
        var label = Form.Text("label");
        var codes = new List<string>();

        // The paste box: what the browser sent is UTF-8 already (the form says so).
        var paste = Form["codes"];
        if (Encoding.UTF8.GetByteCount(paste) > BulkInput.MaxBodyBytes)
        {
            Form.Add("codes", new Text(PortalText.VerifyPasteTooBig.Format(false, MaxMegabytes), PortalText.VerifyPasteTooBig.Format(true, MaxMegabytes)));
        }
        else
        {
            AddCodes(Encoding.UTF8.GetBytes(paste), "codes", codes);
        }

        if (posted.Files.GetFile("file") is { Length: > 0 } file)
        {
            if (file.Length > BulkInput.MaxBodyBytes)
            {
                Form.Add("file", new Text(PortalText.VerifyFileTooBig.Format(false, MaxMegabytes), PortalText.VerifyFileTooBig.Format(true, MaxMegabytes)));
            }
            else
            {
                using var buffer = new MemoryStream((int)file.Length);
                await using (var stream = file.OpenReadStream())
                {
                    await stream.CopyToAsync(buffer, ct);
                }

                AddCodes(buffer.ToArray(), "file", codes);
            }
        }

        if (Form.HasErrors)
        {
            return Invalid();
        }

        var errors = new FieldErrors();
        if (BulkInput.Check(new BulkRequest(codes, label?.Trim() is { Length: > 0 } l ? l : null), errors) is not { } request)
        {
            Form.AddAll(errors.All);
            return Invalid();
        }

        try
        {
            var outcome = await verifier.VerifyAsync(request, links.Base(HttpContext), Caller.UserId, ct);
            // 303: the report is a new resource; a reload of it must never post the list again.
            Response.Headers.Location = "/portal/reports/" + Uri.EscapeDataString(outcome.Report.Id);
            return StatusCode(StatusCodes.Status303SeeOther);
        }
        catch (ProblemException e)
        {
            // The report key is not installed: the API's words, on the page.
            Form.Add(new FieldError("codes", e.Slug, e.DetailEn is null ? e.TitleEn : $"{e.TitleEn}: {e.DetailEn}", e.DetailZh is null ? e.TitleZh : $"{e.TitleZh}：{e.DetailZh}"));
            return Invalid();
        }
    }

    /// <summary>Reads a list as the API reads CSV or text; a problem with it lands on <paramref name="field"/>.</summary>
    private void AddCodes(byte[] list, string field, List<string> codes)
    {
        var errors = new FieldErrors();
        if (BulkInput.Lines(list, null, errors) is { } read)
        {
            codes.AddRange(read.Codes);
        }

        Form.AddAll(errors.All, _ => field);
    }
}
