using System.Text.Json.Nodes;
using EcoValue.Data.Accounts;
using EcoValue.Data.Certification;
using EcoValue.Domain.Licences;
using EcoValue.Domain.Records;
using EcoValue.Ethereum;

namespace EcoValue.Api.Features.Certification;

/// <summary>
/// Suspend, reinstate, revoke: a certifier accredited for the licence's brand signs a <c>StatusChange</c> (its own
/// key, its next nonce, reasonHash = keccak256 of the reason) and the change, its history entry, its record and the
/// change-status operation are committed together. The contract's rules apply here first (revoked is final; only a
/// suspended licence is reinstated), so a change the chain would refuse is never signed.
/// </summary>
public sealed class LicenceStatusChanges(CertificationRepository repo, CertifierSigning signing, RelayerSignal relayer)
{
    public static readonly IReadOnlyDictionary<string, (LicenceAction Action, string[] From)> Actions = new Dictionary<string, (LicenceAction, string[])>(StringComparer.Ordinal)
    {
        ["suspend"] = (LicenceAction.Suspend, ["active"]),
        ["reinstate"] = (LicenceAction.Reinstate, ["suspended"]),
        ["revoke"] = (LicenceAction.Revoke, ["active", "suspended"]),
    };

    /// <summary>The licence after the change; null when the certifier is not (or no longer) accredited for its brand.</summary>
    public async Task<LicenceRow?> ChangeAsync(LicenceRow licence, string action, string reason, UserAccount certifier, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(licence);
        ArgumentNullException.ThrowIfNull(certifier);
        var (chainAction, from) = Actions[action];
        if (!from.Contains(licence.Status, StringComparer.Ordinal))
        {
            throw new CertificationStateException("licence.transition", $"licence {licence.Id} is {licence.Status}; it cannot be {action}d");
        }

        var result = await signing.SignAsync(certifier.Id, now, async s =>
        {
            var message = new StatusChangeMessage(Hex.Decode(licence.ChainIdHash), chainAction, LicenceIds.ReasonHash(reason), s.Nonce, s.Deadline);
            var signature = message.Sign(s.Key, s.Domain);
            return await repo.ChangeLicenceStatusAsync(licence.Id, CertificationScope.Certifier(certifier.Id), action, reason, certifier.Id,
                current => RecordEnvelope.Create(CertificationKinds.LicenceStatus, ChainOperations.LicenceSubject(licence.Id), "user:" + certifier.Id, now, new JsonObject
                {
                    ["licence"] = licence.Id,
                    ["action"] = action,
                    ["status"] = action switch { "suspend" => "suspended", "revoke" => "revoked", _ => "active" },
                    ["reason"] = reason,
                    ["reasonHash"] = Hex.Encode(message.ReasonHash),
                    ["certifier"] = s.Key.Address.ToString(),
                    ["supersedes"] = current,
                }),
                _ => ChainOperations.Status(licence.Id, message, signature, s.Domain, s.Key.Address), ct).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        if (result is not null)
        {
            relayer.Wake();
        }

        return result;
    }
}
