using EcoValue.Api.Features.Registry;
using System.Globalization;
using EcoValue.Data.Registry;
using EcoValue.Domain.Registry;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Mvc;

namespace EcoValue.Api.Features.Portal.Pages;

/// <summary>
/// /portal/producer: the producer's profile, and a correction form. A correction is a new record superseding the
/// current one (like PUT /api/v1/producers/{id}); the form carries the version it was read at, so a change saved by
/// someone else meanwhile is reported instead of overwritten.
/// </summary>
public sealed class ProducerModel(RegistryRepository repo, RegistryWriter writer, TimeProvider time) : PortalPageModel
{
    public static readonly IReadOnlyDictionary<string, Text> Labels = new Dictionary<string, Text>(StringComparer.Ordinal)
    {
        ["name"] = PortalText.ProducerName,
        ["creditCode"] = PortalText.CreditCode,
        ["regionCode"] = PortalText.Region,
        ["contact.name"] = PortalText.ContactName,
        ["contact.phone"] = PortalText.ContactPhone,
        ["contact.email"] = PortalText.ContactEmail,
    };

    public override Text Title => PortalText.ProducerTitle;

    public ProducerRow? Producer { get; private set; }

    public ProducerPicker? Picker { get; private set; }

    public PortalForm Form { get; private set; } = null!;

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool saved, string? after, CancellationToken ct)
    {
        Form = new PortalForm(Zh, Labels);
        if (ProducerId is null)
        {
            Picker = Caller.IsAdmin ? await ProducerPicker.LoadAsync(repo, "/portal/producer", Zh, after, ct) : null;
            return Page();
        }

        Producer = await repo.GetProducerAsync(ProducerId, Caller.Scope, ct);
        if (Producer is null)
        {
            return NotFoundPage();
        }

        Saved = saved;
        Fill(Producer);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Form = PortalForm.From(await Request.ReadFormAsync(ct), Zh, Labels, ["version"]);
        if (ProducerId is not { } id || await repo.GetProducerAsync(id, Caller.Scope, ct) is not { } current)
        {
            return NotFoundPage();
        }

        Producer = current;
        var contact = Form.AnyFilled("contact.name", "contact.phone", "contact.email")
            ? new ContactInput(Form.Text("contact.name"), Form.Text("contact.phone"), Form.Text("contact.email"))
            : null;
        var input = new ProducerInput(Form.Text("name"), Form.Text("creditCode"), Form.Text("regionCode"), contact);
        long? version = long.TryParse(Form.Text("version"), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        try
        {
            var facts = ProducerFacts.Validate(input);
            var now = time.GetUtcNow();
            var row = await writer.CorrectProducerAsync(id, Caller.Scope, version, facts, Caller.Actor, now, ct);
            return row is null ? NotFoundPage() : RedirectTo("/portal/producer", ("saved", "true"));
        }
        catch (DomainValidationException e)
        {
            Form.AddAll(e.Errors);
        }
        catch (RegistryConflictException e) when (e.What == "credit_code")
        {
            Form.Add("creditCode", PortalText.CreditCodeTaken);
        }
        catch (RegistryVersionException e)
        {
            Form.Add(string.Empty, new Text(PortalText.ChangedMeanwhile.Format(false, e.Actual), PortalText.ChangedMeanwhile.Format(true, e.Actual)));
            Form["version"] = e.Actual.ToString(CultureInfo.InvariantCulture);
        }

        return Invalid();
    }

    private void Fill(ProducerRow p)
    {
        Form["name"] = p.Name;
        Form["creditCode"] = p.CreditCode;
        Form["regionCode"] = p.RegionCode;
        Form["contact.name"] = p.ContactName ?? string.Empty;
        Form["contact.phone"] = p.ContactPhone ?? string.Empty;
        Form["contact.email"] = p.ContactEmail ?? string.Empty;
        Form["version"] = p.Version.ToString(CultureInfo.InvariantCulture);
    }
}
