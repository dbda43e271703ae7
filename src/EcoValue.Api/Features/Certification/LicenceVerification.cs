using System.Text.Json;
using EcoValue.Data.Certification;
using EcoValue.Domain.Licences;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;

namespace EcoValue.Api.Features.Certification;

/// <summary>
/// The public check of a licence (GET /api/v1/licences/{id}/verify, anonymous): the credential's proof verified with
/// no chain (the certifier recovered from its EIP-712 signature), then LicenceRegistry asked with one eth_call each
/// (<c>licenceStatus(id, now)</c> and <c>licence(id)</c>): its status, whether it is valid now, and whether the
/// certifier and document hash it stores are the ones in the document. The verdict weighs the chain over the
/// service's own status: the chain is what nobody here can quietly change.
/// </summary>
public sealed class LicenceVerification(CertificationRepository repo, LicenceChain chain, TimeProvider time)
{
    public async Task<LicenceVerifyResponse?> VerifyAsync(string id, CancellationToken ct = default)
    {
        if (await repo.GetLicenceAsync(id, CertificationScope.All, ct).ConfigureAwait(false) is not { } licence)
        {
            return null;
        }

        var now = time.GetUtcNow();
        VerifiedLicence? verified = null;
        ProofCheckResponse proof;
        try
        {
            verified = LicenceProof.Verify(licence.Document);
            proof = new ProofCheckResponse(true, verified.Certifier.ToString(), Hex.Encode(verified.DocumentHash), null);
        }
        catch (LicenceCredentialException e)
        {
            proof = new ProofCheckResponse(false, null, null, e.Message);
        }

        var onChain = await AskChainAsync(licence, verified, now, ct).ConfigureAwait(false);
        var operation = (await repo.LatestOperationsAsync([ChainOperations.LicenceSubject(licence.Id)], ct).ConfigureAwait(false)).GetValueOrDefault(ChainOperations.LicenceSubject(licence.Id));
        var issue = (await repo.ListOperationsAsync(ChainOperations.LicenceSubject(licence.Id), ct).ConfigureAwait(false)).FirstOrDefault(o => o.Kind == ChainOperations.IssueLicence);
        using var document = JsonDocument.Parse(licence.Document);
        return new LicenceVerifyResponse(licence.Id, licence.ChainIdHash, licence.BrandId, licence.Status, licence.ValidFrom, licence.ValidUntil, proof, onChain,
            ChainStateResponse.From(operation), Verdict(proof, onChain, issue), LicenceCalendar.Stamp(now), document.RootElement.Clone());
    }

    private async Task<ChainLicenceResponse> AskChainAsync(LicenceRow licence, VerifiedLicence? verified, DateTimeOffset now, CancellationToken ct)
    {
        var domain = await chain.DomainAsync(ct).ConfigureAwait(false);
        if (domain is null)
        {
            return new ChainLicenceResponse(false, null, null, null, null, null, null, "LicenceRegistry is not deployed on the configured chain");
        }

        try
        {
            var reader = chain.Reader(domain);
            var licenceId = Hex.Decode(licence.ChainIdHash);
            var status = await reader.LicenceStatusAsync(licenceId, now, ct).ConfigureAwait(false);
            var stored = await reader.LicenceAsync(licenceId, ct).ConfigureAwait(false);
            if (!stored.Exists)
            {
                return new ChainLicenceResponse(true, "none", false, null, null, null, null, null);
            }

            return new ChainLicenceResponse(true, status.Status.ToString().ToLowerInvariant(), status.ValidAt, stored.Certifier.ToString(), Hex.Encode(stored.DocumentHash),
                verified is not null && stored.DocumentHash.AsSpan().SequenceEqual(verified.DocumentHash),
                verified is not null && stored.Certifier == verified.Certifier, null);
        }
        catch (RpcClientException e)
        {
            return new ChainLicenceResponse(false, null, null, null, null, null, null, e.Message);
        }
    }

    private static string Verdict(ProofCheckResponse proof, ChainLicenceResponse onChain, ChainOperationRow? issue)
    {
        if (!proof.Valid)
        {
            return "tampered";
        }

        if (!onChain.Reachable)
        {
            return "unverifiable";
        }

        if (onChain.Status == "none")
        {
            return issue is { Status: "failed" } ? "failed" : "pending";
        }

        if (onChain.DocumentHashMatches != true || onChain.CertifierMatchesProof != true)
        {
            return "tampered";
        }

        return onChain.Status switch
        {
            "revoked" => "revoked",
            "suspended" => "suspended",
            _ => onChain.ValidNow == true ? "valid" : "expired",
        };
    }
}
