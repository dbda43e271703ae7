using System.Text.Json;
using EcoValue.Anchoring.Proofs;
using EcoValue.Api.Configuration;
using EcoValue.Data.Chain;
using EcoValue.Ethereum;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Records;

/// <summary>GET /api/v1/records/{id}/proof: a record's proof, checkable against the chain without trusting us.</summary>
public static class RecordsApi
{
    public static IServiceCollection AddRecordsApi(this IServiceCollection services) =>
        services.AddSingleton<EcoValue.Data.Records.RecordRepository>()
            .AddSingleton<EcoValue.Data.Anchoring.AnchorBatchRepository>()
            .AddSingleton<ProofBuilder>();

    public static IEndpointRouteBuilder MapRecordsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/records").WithTags("Records").AllowAnonymous();
        group.MapGet("/{id}/proof", GetProofAsync)
            .WithName("GetRecordProof")
            .WithSummary("The record's envelope, hash, Merkle proof, root and anchoring transaction");
        return app;
    }

    internal static async Task<Results<Ok<RecordProofResponse>, ProblemHttpResult>> GetProofAsync(
        string id, ProofBuilder proofs, ChainDeploymentRepository deployments, IOptions<EcoValueOptions> options, CancellationToken ct)
    {
        if (id.Length is 0 or > 64)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid record id", type: "https://ecovalue.dev/problems/invalid-record-id");
        }

        var proof = await proofs.BuildAsync(id, ct).ConfigureAwait(false);
        if (proof is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such record", detail: $"no record has id {id}", type: "https://ecovalue.dev/problems/record-not-found");
        }

        var chainId = options.Value.Chain.ExpectedChainId;
        var registry = await deployments.GetAsync(chainId, "AnchorRegistry", ct).ConfigureAwait(false);
        return TypedResults.Ok(RecordProofResponse.From(proof, chainId, registry is null ? null : Address.Parse(registry.Address).ToString()));
    }
}

/// <summary>The proof as JSON: hex for bytes, the envelope as the JSON object whose RFC 8785 form was hashed.</summary>
public sealed record RecordProofResponse(
    string RecordId,
    string Status,
    JsonElement Envelope,
    string RecordHash,
    string? Leaf,
    IReadOnlyList<string> Proof,
    string? Root,
    long? LeafIndex,
    long? LeafCount,
    long ChainId,
    string? Contract,
    string? TransactionHash,
    long? BlockNumber,
    string? BlockHash,
    string? Problem)
{
    public static RecordProofResponse From(RecordProof p, long chainId, string? contract)
    {
        ArgumentNullException.ThrowIfNull(p);
        static string? H(byte[]? b) => b is null ? null : Hex.Encode(b);
        return new RecordProofResponse(
            p.RecordId,
            p.Status.ToString().ToLowerInvariant(),
            EnvelopeJson(p.Envelope),
            Hex.Encode(p.RecordHash),
            H(p.Leaf),
            [.. p.Proof.Select(x => Hex.Encode(x))],
            H(p.Root),
            p.LeafIndex,
            p.LeafCount,
            chainId,
            contract,
            H(p.TransactionHash),
            p.BlockNumber,
            H(p.BlockHash),
            p.Problem);
    }

    // A tampered envelope may not even be JSON any more; then it is shown as the string it is.
    private static JsonElement EnvelopeJson(string envelope)
    {
        try
        {
            using var doc = JsonDocument.Parse(envelope);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(envelope);
        }
    }
}
