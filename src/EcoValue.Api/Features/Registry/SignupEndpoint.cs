using EcoValue.Api.Features.Auth;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Accounts;
using EcoValue.Data.Registry;
using EcoValue.Domain.Records;
using EcoValue.Domain.Registry;
using EcoValue.Domain.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcoValue.Api.Features.Registry;

/// <summary>What a farmer sends to sign up: an account and the producer it belongs to.</summary>
public sealed record SignupInput(string? Username, string? Password, ProducerInput? Producer);

/// <summary>The new account and its producer (status pending until an admin approves it).</summary>
public sealed record SignupResponse(string UserId, string Username, ProducerResponse Producer);

/// <summary>
/// POST /api/v1/auth/signup: a farmer registers itself and its producer in one transaction — both or neither. The
/// producer starts pending: it can register plots and batches at once, but nothing it registers may carry a brand
/// until an admin approves it (DESIGN.md "Roles"; issue 5 enforces that at licensing).
/// </summary>
internal static class SignupEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/auth/signup", SignupAsync)
            .WithTags("Auth").WithName("Signup").WithSummary("A farmer signs up with its producer (pending approval)")
            .AllowAnonymous().RequireRateLimiting(AuthSetup.SignInRateLimit)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);

    internal static async Task<Results<Created<SignupResponse>, ProblemHttpResult>> SignupAsync(
        SignupInput? input, HttpContext ctx, UserAccounts accounts, RegistryWriter writer, TimeProvider time, CancellationToken ct)
    {
        try
        {
            var (user, row) = await RegisterAsync(input, accounts, writer, time, ct).ConfigureAwait(false);
            return TypedResults.Created($"/api/v1/producers/{row.Id}", new SignupResponse(user.Id, user.Username, ProducerResponse.From(row)));
        }
        catch (UsernameTakenException e)
        {
            var problem = Problems.Create(ctx, StatusCodes.Status409Conflict, "username-taken", "This username is already taken", "该用户名已被使用");
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [e.Error.Field] = [e.Error.Message(RequestLanguage.IsChinese(ctx))] };
            return TypedResults.Problem(problem);
        }
    }

    /// <summary>
    /// The sign-up itself, shared by the API and the portal's sign-up page: validates both parts (all errors at once,
    /// <see cref="DomainValidationException"/>), then creates the pending producer and the farmer account in one
    /// transaction. A taken username throws <see cref="UsernameTakenException"/>, a credit code registered before
    /// <see cref="RegistryConflictException"/>; either way nothing is written.
    /// </summary>
    internal static async Task<(UserAccount User, ProducerRow Producer)> RegisterAsync(
        SignupInput? input, UserAccounts accounts, RegistryWriter writer, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var producerId = RecordEnvelope.NewId(now);
        var errors = new FieldErrors();
        var facts = errors.Try("producer", () => ProducerFacts.Validate(input?.Producer));
        // Hashing the password (~0.2 s) happens here, before the write lock is taken.
        var user = errors.Try(string.Empty, () => accounts.Prepare(new NewUser(input?.Username, input?.Password, Roles.Farmer, producerId)));
        errors.ThrowIfAny();

        var actor = "user:" + user!.Id;
        var row = await writer.RegisterProducerAsync(facts!, "pending", actor, now, producerId, tx => accounts.InsertPreparedAsync(user, tx, ct), ct).ConfigureAwait(false);
        return (user, row);
    }
}

/// <summary>Lets account creation check that a farmer's producer exists.</summary>
internal sealed class RegistryProducerDirectory(RegistryRepository repo) : IProducerDirectory
{
    public Task<bool> ExistsAsync(string producerId, CancellationToken ct) => repo.ProducerExistsAsync(producerId, ct);
}
