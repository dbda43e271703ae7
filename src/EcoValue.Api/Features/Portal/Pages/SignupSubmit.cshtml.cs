using EcoValue.Api.Features.Auth;
using EcoValue.Api.Features.Registry;
using EcoValue.Data.Accounts;
using EcoValue.Data.Registry;
using EcoValue.Domain.Registry;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace EcoValue.Api.Features.Portal.Pages;

/// <summary>
/// POST /portal/signup/submit: the same sign-up as POST /api/v1/auth/signup (<see cref="SignupEndpoint.RegisterAsync"/>):
/// the farmer's account and its pending producer in one transaction, or nothing and every error beside its field.
/// </summary>
[EnableRateLimiting(AuthSetup.SignInRateLimit)]
public sealed class SignupSubmitModel(UserAccounts accounts, RegistryWriter writer, TimeProvider time) : SignupPageModel
{
    public IActionResult OnGet() => Redirect("/portal/signup");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Form = PortalForm.From(await Request.ReadFormAsync(ct), Zh, Labels);
        var password = Form.Text("password");
        if (password != Form.Text("password2"))
        {
            Form.Add("password2", PortalText.PasswordsDiffer);
        }

        Form["password"] = Form["password2"] = string.Empty;
        var contact = Form.AnyFilled("producer.contact.name", "producer.contact.phone", "producer.contact.email")
            ? new ContactInput(Form.Text("producer.contact.name"), Form.Text("producer.contact.phone"), Form.Text("producer.contact.email"))
            : null;
        var producer = new ProducerInput(Form.Text("producer.name"), Form.Text("producer.creditCode"), Form.Text("producer.regionCode"), contact);
        if (Form.HasErrors)
        {
            // Nothing is written, but the producer's fields are still checked so every problem shows at once.
            var check = new FieldErrors();
            check.Try("producer", () => ProducerFacts.Validate(producer));
            Form.AddAll(check.All);
            return Invalid();
        }

        try
        {
            var (user, row) = await SignupEndpoint.RegisterAsync(new SignupInput(Form.Text("username"), password, producer), accounts, writer, time, ct);
            Registered = (user.Username, row.Name);
            return Page();
        }
        catch (DomainValidationException e)
        {
            Form.AddAll(e.Errors);
            return Invalid();
        }
        catch (UsernameTakenException e)
        {
            Form.Add(e.Error);
            return Invalid();
        }
        catch (RegistryConflictException e) when (e.What == "credit_code")
        {
            Form.Add("producer.creditCode", PortalText.CreditCodeTaken);
            return Invalid();
        }
    }
}
