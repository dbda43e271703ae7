using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoValue.Api.Features.Certification;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Accounts;
using EcoValue.Data.Certification;
using EcoValue.Data.Registry;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages.Certifier;

/// <summary>
/// /portal/applications/{id}: one application with its evaluation report (live while submitted, else the one the
/// decision was taken on) and the decision form. Reads and decisions go exactly the way of GET
/// /api/v1/applications/{id}(/evaluation) and POST …/decision: out of scope is 404; deciding needs a certifier
/// accredited for the brand (else 403); the service's refusals (approval blocked by the evaluation, decided already,
/// signing unavailable) are shown on the page with their status, never as a 500.
/// </summary>
public sealed class ApplicationModel(CertificationRepository repo, RegistryRepository registry, ApplicationDecisions decisions, UserAccounts users, TimeProvider time) : PortalPageModel
{
    private static readonly JsonSerializerOptions FactsJson = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly IReadOnlyDictionary<string, Text> Labels = new Dictionary<string, Text>(StringComparer.Ordinal)
    {
        ["decision"] = PortalText.DecisionField,
        ["notes"] = PortalText.NotesField,
    };

    public override Text Title => PortalText.ApplicationTitle;

    public ApplicationRow Application { get; private set; } = null!;

    public string ProducerName { get; private set; } = string.Empty;

    public BrandRow? Brand { get; private set; }

    /// <summary>The report as JSON (EvaluationReport.ToJson), live or stored.</summary>
    public JsonNode Report { get; private set; } = null!;

    public bool Live { get; private set; }

    public PortalForm Form { get; private set; } = null!;

    /// <summary>A refusal of the service, in the page's language (with the criteria that block an approval).</summary>
    public string? Refusal { get; private set; }

    public IReadOnlyList<string> RefusalDetails { get; private set; } = [];

    public bool Decided { get; private set; }

    /// <summary>Only a certifier can decide (an accredited one: the service checks).</summary>
    public bool CanDecide => Caller.Role == Roles.Certifier && Application.Status == "submitted";

    public async Task<IActionResult> OnGetAsync(string id, bool decided, CancellationToken ct)
    {
        Form = new PortalForm(Zh, Labels);
        Form["decision"] = "approve";
        if (!await LoadAsync(id, CertificationAccess.ScopeOf(Caller), ct))
        {
            return NotFoundPage();
        }

        Decided = decided;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        Form = PortalForm.From(await Request.ReadFormAsync(ct), Zh, Labels);
        if (Caller.Role != Roles.Certifier)
        {
            return ForbiddenPage();
        }

        (bool Approve, string? Notes) input = default;
        try
        {
            input = new DecisionInput(Form.Text("decision"), Form.Text("notes")).Validate();
        }
        catch (DomainValidationException e)
        {
            Form.AddAll(e.Errors);
        }

        // As the API: any existing application is found here; whether the caller may decide on it is the 403 below.
        if (await repo.GetApplicationAsync(id, CertificationScope.All, ct) is not { } application)
        {
            return NotFoundPage();
        }

        if (await CertificationAccess.AccreditedCertifierAsync(users, repo, Caller.UserId, application.BrandId, ct) is not { } certifier)
        {
            return ForbiddenPage();
        }

        if (Form.HasErrors)
        {
            await LoadAsync(id, CertificationScope.All, ct);
            return Invalid();
        }

        int status;
        try
        {
            var now = time.GetUtcNow();
            var done = input.Approve
                ? (await decisions.ApproveAsync(application, certifier, input.Notes, now, ct))?.Application
                : await decisions.RejectAsync(application, certifier, input.Notes, now, ct);
            if (done is null)
            {
                return ForbiddenPage();
            }

            return Redirect($"/portal/applications/{Uri.EscapeDataString(id)}?decided=true");
        }
        catch (ProblemException e)
        {
            Refusal = Zh ? e.TitleZh + (e.DetailZh is null ? string.Empty : "：" + e.DetailZh) : e.TitleEn + (e.DetailEn is null ? string.Empty : ": " + e.DetailEn);
            RefusalDetails = e.Extensions.TryGetValue("criteria", out var criteria) && criteria is IEnumerable<object?> list
                ? [.. list.OfType<IReadOnlyDictionary<string, object?>>().Select(c => $"{c["criterion"]} · {Localized(c["outcome"])} · {Localized(c["reason"])}")]
                : [];
            status = e.Status;
        }
        catch (CertificationStateException)
        {
            Refusal = L(PortalText.AlreadyDecided);
            status = StatusCodes.Status409Conflict;
        }

        await LoadAsync(id, CertificationScope.All, ct);
        Response.StatusCode = status;
        return Page();
    }

    public static string Facts(JsonNode? facts) => facts?.ToJsonString(FactsJson) ?? "{}";

    /// <summary>A report's bilingual member ({zh, en}) in the page's language.</summary>
    public string Text(JsonNode? node) => (string?)node?[Zh ? "zh" : "en"] ?? string.Empty;

    private string Localized(object? value) => value switch
    {
        Bilingual b => Zh ? b.Zh : b.En,
        string s => CertificationFormat.Outcome(s, Zh).Label,
        _ => value?.ToString() ?? string.Empty,
    };

    private async Task<bool> LoadAsync(string id, CertificationScope scope, CancellationToken ct)
    {
        if (await repo.GetApplicationAsync(id, scope, ct) is not { } row)
        {
            return false;
        }

        Application = row;
        Brand = await repo.GetBrandAsync(row.BrandId, ct);
        ProducerName = (await registry.GetProducerAsync(row.ProducerId, Scope.All, ct))?.Name ?? row.ProducerId;
        Live = row.Status == "submitted" || row.Evaluation is null;
        Report = Live ? (await decisions.EvaluateAsync(row, time.GetUtcNow(), ct)).ToJson() : JsonNode.Parse(row.Evaluation!)!;
        return true;
    }
}
