using EcoValue.Api.Features.Dossier;
using EcoValue.Api.Features.Items;
using EcoValue.Data.Registry;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages;

/// <summary>
/// /portal/batches/{id}/dossier: a batch's provenance dossier for a signed-in admin, the batch's farmer or a buyer;
/// with ?format=pdf|html|json|epcis the file itself, written by the API's own <see cref="DossierApi.AnswerAsync"/>
/// (same content, same rules: another producer's batch is "not found" to a farmer).
/// </summary>
public sealed class DossierModel(RegistryRepository repo, DossierBuilder builder, PublicLinks links) : PortalPageModel
{
    private static readonly Dictionary<string, Text> NoFields = new(StringComparer.Ordinal);

    public override Text Title => PortalText.DossierTitle;

    public BatchRow? Batch { get; private set; }

    public PortalForm Form { get; private set; } = null!;

    public string FormatHref(string format) =>
        Href("/portal/batches/" + Uri.EscapeDataString(Batch!.Id) + "/dossier", ("format", format));

    public async Task<IActionResult> OnGetAsync(string id, string? format, CancellationToken ct)
    {
        Form = new PortalForm(Zh, NoFields);
        Batch = id is { Length: <= 64 } ? await repo.GetBatchAsync(id, DossierApi.ScopeOf(Caller), ct) : null;
        if (Batch is null)
        {
            return NotFoundPage();
        }

        if (format is null)
        {
            return Page();
        }

        if (!DossierApi.TryParse(format, out var dossierFormat))
        {
            Form.Add(new FieldError("format", "dossier.format", PortalText.DossierFormatInvalid.En, PortalText.DossierFormatInvalid.Zh));
            return Invalid();
        }

        var result = await DossierApi.AnswerAsync(Batch.Id, dossierFormat, HttpContext, Caller, builder, repo, links, ct);
        return result is null ? NotFoundPage() : new ResultAction(result);
    }

    /// <summary>Runs a minimal-API result (the dossier file) from a page handler.</summary>
    private sealed class ResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
