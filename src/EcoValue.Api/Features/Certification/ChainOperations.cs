using System.Numerics;
using System.Text.Json.Nodes;
using EcoValue.Anchoring.Contracts;
using EcoValue.Data.Certification;
using EcoValue.Domain.Licences;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Eip712;
using EcoValue.Ethereum.Rpc;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Api.Features.Certification;

/// <summary>
/// The relayer's outbox entries (<c>chain_operations</c>): what each decision queues and how the relayer sends it.
/// A payload carries everything the call needs, so sending never reads anything else: for a licence decision the
/// certifier's signed EIP-712 typed data and signature (exactly what the certifier signed), for operator calls the
/// ids. <c>certifier</c> and <c>nonce</c> are top-level so <see cref="CertificationRepository.HighestQueuedNonceAsync"/>
/// can find the highest nonce queued.
/// </summary>
public static class ChainOperations
{
    public const string RegisterBrand = "register-brand";
    public const string UpdateStandard = "update-standard";
    public const string Accredit = "accredit";
    public const string Withdraw = "withdraw";
    public const string IssueLicence = "issue-licence";
    public const string ChangeStatus = "change-status";

    public static string BrandSubject(string brandId) => "brand:" + brandId;

    public static string AccreditationSubject(string brandId, string userId) => $"accreditation:{brandId}:{userId}";

    public static string LicenceSubject(string licenceId) => "licence:" + licenceId;

    public static NewChainOperation Brand(bool created, string brandId, string standardHash, string metadataUri) =>
        new(created ? RegisterBrand : UpdateStandard, BrandSubject(brandId), new JsonObject
        {
            ["brand"] = brandId,
            ["brandId"] = Hex.Encode(LicenceIds.BrandId(brandId)),
            ["standardHash"] = standardHash,
            ["metadataUri"] = metadataUri,
        }.ToJsonString());

    public static NewChainOperation Accreditation(bool accredit, string brandId, string userId, string certifier) =>
        new(accredit ? Accredit : Withdraw, AccreditationSubject(brandId, userId), new JsonObject
        {
            ["brand"] = brandId,
            ["brandId"] = Hex.Encode(LicenceIds.BrandId(brandId)),
            ["certifier"] = certifier,
        }.ToJsonString());

    public static NewChainOperation Issue(string licenceId, IssueLicenceMessage message, EthSignature signature, LicenceRegistryDomain domain, Address certifier) =>
        new(IssueLicence, LicenceSubject(licenceId), Signed(licenceId, certifier, message.Nonce, message.Deadline, message.ToTypedData(domain), signature).ToJsonString());

    public static NewChainOperation Status(string licenceId, StatusChangeMessage message, EthSignature signature, LicenceRegistryDomain domain, Address certifier) =>
        new(ChangeStatus, LicenceSubject(licenceId), Signed(licenceId, certifier, message.Nonce, message.Deadline, message.ToTypedData(domain), signature).ToJsonString());

    private static JsonObject Signed(string licenceId, Address certifier, BigInteger nonce, BigInteger deadline, TypedData typedData, EthSignature signature) => new()
    {
        ["licence"] = licenceId,
        ["certifier"] = certifier.ToString(),
        // Small integers (a certifier signs a few per day; deadlines are Unix seconds): JSON numbers, so SQL can take their max.
        ["nonce"] = (long)nonce,
        ["deadline"] = (long)deadline,
        ["typedData"] = JsonNode.Parse(typedData.ToJson()),
        ["signature"] = signature.ToHex(),
    };

    /// <summary>
    /// Sends one operation through <paramref name="client"/> (simulated first; a revert is a
    /// <see cref="ContractRevertException"/>) and returns the receipt; null when the chain already holds the
    /// operation's effect (a brand registered with this standard, a certifier already accredited or withdrawn, a
    /// licence stored with this document), so a resent operator call never fails for having succeeded before.
    /// </summary>
    /// <exception cref="FormatException">The payload cannot be read (it will never send).</exception>
    public static Task<Receipt?> SendAsync(ChainOperationRow operation, LicenceRegistryClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(client);
        return Prepare(operation)(client, ct);
    }

    /// <summary>Reads the payload into the call to make; anything unreadable is a <see cref="FormatException"/>, before any chain access.</summary>
    private static Func<LicenceRegistryClient, CancellationToken, Task<Receipt?>> Prepare(ChainOperationRow operation)
    {
        try
        {
            var p = Parse(operation.Payload);
            switch (operation.Kind)
            {
                case RegisterBrand or UpdateStandard:
                {
                    var brandId = Word(p, "brandId");
                    var hash = Word(p, "standardHash");
                    var uri = (string?)p["metadataUri"] ?? string.Empty;
                    return async (client, ct) =>
                    {
                        var onChain = await client.BrandAsync(brandId, ct).ConfigureAwait(false);
                        if (onChain.IsRegistered && onChain.StandardHash.AsSpan().SequenceEqual(hash))
                        {
                            return null;
                        }

                        // An update queued for a brand whose registration never reached this chain registers it instead.
                        return onChain.IsRegistered
                            ? await client.UpdateBrandStandardAsync(brandId, hash, uri, ct).ConfigureAwait(false)
                            : await client.RegisterBrandAsync(brandId, hash, uri, ct).ConfigureAwait(false);
                    };
                }

                case Accredit or Withdraw:
                {
                    var brandId = Word(p, "brandId");
                    var certifier = Address.Parse(Text(p, "certifier"));
                    var accredit = operation.Kind == Accredit;
                    return async (client, ct) =>
                    {
                        if (await client.IsAccreditedAsync(brandId, certifier, ct).ConfigureAwait(false) == accredit)
                        {
                            return null;
                        }

                        return accredit
                            ? await client.AccreditCertifierAsync(brandId, certifier, ct).ConfigureAwait(false)
                            : await client.WithdrawAccreditationAsync(brandId, certifier, ct).ConfigureAwait(false);
                    };
                }

                case IssueLicence:
                {
                    var message = IssueLicenceMessage.FromTypedData(TypedData.FromJson(Object(p, "typedData").ToJsonString()));
                    var signature = EthSignature.FromHex(Text(p, "signature"));
                    return async (client, ct) =>
                    {
                        var stored = await client.LicenceAsync(message.LicenceId, ct).ConfigureAwait(false);
                        if (stored.Exists && stored.DocumentHash.AsSpan().SequenceEqual(message.DocumentHash))
                        {
                            return null;
                        }

                        return await client.IssueLicenceAsync(message, signature, ct).ConfigureAwait(false);
                    };
                }

                case ChangeStatus:
                {
                    var message = StatusChangeMessage.FromTypedData(TypedData.FromJson(Object(p, "typedData").ToJsonString()));
                    var signature = EthSignature.FromHex(Text(p, "signature"));
                    return async (client, ct) => await client.ChangeLicenceStatusAsync(message, signature, ct).ConfigureAwait(false);
                }

                default:
                    throw new FormatException($"unknown chain operation kind {operation.Kind}");
            }
        }
        catch (Exception e) when (e is not FormatException and not OutOfMemoryException)
        {
            throw new FormatException($"operation {operation.Id} ({operation.Kind}) has an unreadable payload: {e.Message}", e);
        }
    }

    private static JsonObject Parse(string payload)
    {
        try
        {
            return JsonNode.Parse(payload) as JsonObject ?? throw new FormatException("the payload is not a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException("the payload is not JSON: " + e.Message, e);
        }
    }

    private static string Text(JsonObject p, string name) => (string?)p[name] ?? throw new FormatException($"the payload has no {name}");

    private static JsonObject Object(JsonObject p, string name) => p[name] as JsonObject ?? throw new FormatException($"the payload has no {name} object");

    private static byte[] Word(JsonObject p, string name)
    {
        var bytes = Hex.Decode(Text(p, name));
        return bytes.Length == 32 ? bytes : throw new FormatException($"the payload's {name} is not 32 bytes");
    }
}
