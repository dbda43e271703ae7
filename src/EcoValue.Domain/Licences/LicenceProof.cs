using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoValue.Domain.Canonical;
using EcoValue.Domain.Validation;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Eip712;
using EcoValue.Ethereum.Signing;
using R = EcoValue.Domain.Licences.CredentialReader;

namespace EcoValue.Domain.Licences;

/// <summary>A licence document whose proof holds: who signed it, what it says, and the issuance it authorises on chain.</summary>
/// <param name="Certifier">The address recovered from the proof; equals the document's did:pkh issuer.</param>
/// <param name="Message">The signed <c>IssueLicence</c>, ready to relay with <paramref name="Signature"/>.</param>
public sealed record VerifiedLicence(
    Address Certifier,
    LicenceCredentialInput Content,
    IssueLicenceMessage Message,
    EthSignature Signature,
    byte[] DocumentHash);

/// <summary>
/// The licence document's proof: the certifier's EIP-712 signature over the <see cref="IssueLicenceMessage"/> whose
/// <c>documentHash</c> is the document's hash, modelled on EthereumEip712Signature2021 (type, proofPurpose
/// assertionMethod, verificationMethod = the issuer's did:pkh <c>#blockchainAccountId</c>, proofValue = 0x r‖s‖v, and
/// the <c>eip712</c> typed data in full). Unlike EthereumEip712Signature2021, the signed message is the on-chain
/// <c>IssueLicence</c>, not the credential itself, so the very signature the contract checks also proves the document;
/// hence its own type name. It has no <c>created</c>: the signed message is the contract's, which has no such field,
/// so a creation time could not be covered by the signature, and every byte of a signed document must be bound either
/// by its documentHash or by the signature (the issuance time is on chain, in the block that stored the licence). The proof's <c>eip712</c> member is eth_signTypedData_v4 JSON: any wallet or
/// <c>cast wallet sign --data</c> reproduces the signature from it.
/// </summary>
public static class LicenceProof
{
    public const string ProofType = "EcoValueEip712Signature";
    public const string ProofPurpose = "assertionMethod";
    public const string VerificationMethodSuffix = "#blockchainAccountId";

    /// <summary>The proof's members, in ordinal order: every one fixed, signed, or the signature itself.</summary>
    private static readonly string[] ProofMembers = ["eip712", "proofPurpose", "proofValue", "type", "verificationMethod"];

    /// <summary>
    /// Signs the credential as its issuer: builds the <c>IssueLicence</c> for it with the certifier's contract
    /// <paramref name="nonce"/> and a relay <paramref name="deadline"/> (Unix seconds), signs, and returns a copy with the proof.
    /// </summary>
    public static JsonObject Sign(JsonObject credential, EthECKey certifierKey, BigInteger nonce, BigInteger deadline)
    {
        ArgumentNullException.ThrowIfNull(certifierKey);
        var content = LicenceCredential.Read(credential);
        if (certifierKey.Address != content.Issuer.Address)
        {
            throw new ArgumentException($"the key's address {certifierKey.Address} is not the credential's issuer {content.Issuer.Address}", nameof(certifierKey));
        }

        var message = LicenceCredential.IssueMessage(credential, nonce, deadline);
        return Attach(credential, message, message.Sign(certifierKey, content.Registry));
    }

    /// <summary>
    /// Attaches a signature made elsewhere (e.g. by a certifier's own wallet over <see cref="IssueLicenceMessage.ToTypedData"/>).
    /// Refuses a message that is not this credential's issuance or a signature that is not the issuer's, so an
    /// attached proof always verifies. Returns a copy; the input is not changed.
    /// </summary>
    public static JsonObject Attach(JsonObject credential, IssueLicenceMessage message, EthSignature signature)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(signature);
        if (credential.ContainsKey("proof"))
        {
            throw new ArgumentException("the credential already has a proof", nameof(credential));
        }

        var content = LicenceCredential.Read(credential);
        if (!LicenceCredential.IssueMessage(credential, message.Nonce, message.Deadline).Equals(message))
        {
            throw new ArgumentException("the message is not this credential's issuance (ids, document hash, standard or validity differ)", nameof(message));
        }

        if (!signature.IsLowS || message.RecoverSigner(content.Registry, signature) != content.Issuer.Address)
        {
            throw new ArgumentException($"the signature is not the issuer's ({content.Issuer.Address}) over this message", nameof(signature));
        }

        var signed = credential.DeepClone().AsObject();
        signed["proof"] = new JsonObject
        {
            ["type"] = ProofType,
            ["proofPurpose"] = ProofPurpose,
            ["verificationMethod"] = LicenceCredential.Did(content.Registry.ChainId, content.Issuer.Address) + VerificationMethodSuffix,
            ["proofValue"] = signature.ToHex(),
            ["eip712"] = JsonNode.Parse(message.ToTypedData(content.Registry).ToJson()),
        };
        return signed;
    }

    /// <summary>Parses and verifies a licence document given as JSON text; see <see cref="Verify(JsonObject)"/>.</summary>
    public static VerifiedLicence Verify(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new LicenceCredentialException(new FieldError(string.Empty, "licence.json", $"not a JSON text: {e.Message}", "不是有效的 JSON 文本"));
        }

        return Verify(node as JsonObject ?? throw new LicenceCredentialException(new FieldError(string.Empty, "licence.type", "must be a JSON object", "必须是 JSON 对象")));
    }

    /// <summary>
    /// Checks a signed licence document without trusting anyone: the content is well-formed; the proof's typed data
    /// is exactly an <c>IssueLicence</c> in the <c>LicenceRegistry</c> domain that <c>credentialStatus</c> names; its
    /// message is the one this document implies (licence id, brand, holder, standard hash, validity and, above all,
    /// documentHash = keccak256(JCS(document without proof))); and the signature recovers to the did:pkh issuer.
    /// Returns the recovered certifier; any changed byte of the document or of a signed or fixed proof member is a
    /// <see cref="LicenceCredentialException"/>. Whether the licence is on chain and active is a separate question
    /// (<c>LicenceRegistry.licence</c> / <c>licenceStatus</c>).
    /// </summary>
    public static VerifiedLicence Verify(JsonObject credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var proof = R.Object(credential, "proof");
        // Exactly these members: one that no hash or signature covers (a "created", a note) could be changed at will.
        if (proof.Select(p => p.Key).Order(StringComparer.Ordinal).SequenceEqual(ProofMembers) is false)
        {
            throw R.Fail("proof", "licence.proof_members", $"must have exactly the members {string.Join(", ", ProofMembers)}",
                $"只能包含以下成员：{string.Join("、", ProofMembers)}");
        }

        R.Fixed(proof, "type", JsonValue.Create(ProofType), "proof.type");
        R.Fixed(proof, "proofPurpose", JsonValue.Create(ProofPurpose), "proof.proofPurpose");
        var content = LicenceCredential.Read(credential);
        var did = LicenceCredential.Did(content.Registry.ChainId, content.Issuer.Address);
        R.Fixed(proof, "verificationMethod", JsonValue.Create(did + VerificationMethodSuffix), "proof.verificationMethod");

        var typedData = ReadTypedData(proof);
        if (LicenceRegistryDomain.From(typedData.Domain) != content.Registry)
        {
            throw R.Fail("proof.eip712.domain", "licence.domain", "is not the LicenceRegistry domain on the chain and contract credentialStatus names",
                "不是 credentialStatus 所指链和合约上的 LicenceRegistry 域");
        }

        IssueLicenceMessage message;
        try
        {
            message = IssueLicenceMessage.FromTypedData(typedData);
        }
        catch (Eip712Exception e)
        {
            throw R.Fail("proof.eip712", "licence.eip712", e.Message, "不是 IssueLicence 类型数据");
        }

        // One spelling per proof: the typed data must be exactly as Attach writes it (hex case, number forms, no extra
        // members), so that no byte of a signed proof can change while it still verifies.
        if (!JsonNode.DeepEquals(proof["eip712"], JsonNode.Parse(message.ToTypedData(content.Registry).ToJson())))
        {
            throw R.Fail("proof.eip712", "licence.eip712", "is not written as the issuer's signing tool writes it (lowercase hex, plain integers)",
                "书写形式不规范（应为小写十六进制、普通整数）");
        }

        byte[] documentHash;
        try
        {
            documentHash = LicenceCredential.DocumentHash(credential);
        }
        catch (JcsException e)
        {
            throw R.Fail(string.Empty, "licence.json", e.Message, "文档没有规范 JSON 形式");
        }

        CheckMessage(message, LicenceCredential.IssueMessage(credential, message.Nonce, message.Deadline));
        var signature = ReadSignature(proof);
        Address signer;
        try
        {
            signer = EthECKey.RecoverAddress(message.Digest(content.Registry), signature);
        }
        catch (SignatureException)
        {
            throw R.Fail("proof.proofValue", "licence.signature", "no signer can be recovered from the signature", "无法从签名恢复签名者");
        }

        if (signer != content.Issuer.Address)
        {
            throw R.Fail("proof.proofValue", "licence.signer", $"was signed by {signer}, not by the issuer {content.Issuer.Address}",
                $"签名者为 {signer}，不是签发人 {content.Issuer.Address}");
        }

        return new VerifiedLicence(signer, content, message, signature, documentHash);
    }

    private static TypedData ReadTypedData(JsonObject proof)
    {
        var eip712 = R.Object(proof, "eip712", "proof.eip712");
        try
        {
            return TypedData.FromJson(eip712.ToJsonString());
        }
        catch (Eip712Exception e)
        {
            throw R.Fail("proof.eip712", "licence.eip712", e.Message, "EIP-712 类型数据无效");
        }
    }

    /// <summary>Names the first member where the signed message departs from what the document implies.</summary>
    private static void CheckMessage(IssueLicenceMessage signed, IssueLicenceMessage expected)
    {
        (string Field, bool Same, string En, string Zh)[] checks =
        [
            ("documentHash", signed.DocumentHash.AsSpan().SequenceEqual(expected.DocumentHash), "does not match the document: it was changed after signing", "与文档不符：文档在签名后被改动"),
            ("licenceId", signed.LicenceId.AsSpan().SequenceEqual(expected.LicenceId), "is not keccak256 of the credential's id", "不是凭证 id 的 keccak256"),
            ("brandId", signed.BrandId.AsSpan().SequenceEqual(expected.BrandId), "is not keccak256 of the brand's id", "不是品牌 id 的 keccak256"),
            ("holder", signed.Holder.AsSpan().SequenceEqual(expected.Holder), "is not keccak256 of the subject's id", "不是持证主体 id 的 keccak256"),
            ("standardHash", signed.StandardHash.AsSpan().SequenceEqual(expected.StandardHash), "is not the document's standard hash", "与文档中的标准哈希不符"),
            ("validFrom", signed.ValidFrom == expected.ValidFrom, "is not the document's validFrom", "与文档的 validFrom 不符"),
            ("validUntil", signed.ValidUntil == expected.ValidUntil, "is not the document's validUntil", "与文档的 validUntil 不符"),
        ];
        foreach (var (field, same, en, zh) in checks)
        {
            if (!same)
            {
                throw R.Fail("proof.eip712.message." + field, "licence.message", en, zh);
            }
        }
    }

    private static EthSignature ReadSignature(JsonObject proof)
    {
        var text = R.String(proof, "proofValue", "proof.proofValue");
        try
        {
            var signature = EthSignature.FromHex(text);
            // One spelling per signature: 0x, lowercase, v = 27/28, as Attach writes it.
            if (signature.ToHex() == text)
            {
                return signature;
            }
        }
        catch (EthereumException)
        {
        }

        throw R.Fail("proof.proofValue", "licence.signature", "must be 0x and 65 bytes r||s||v in lowercase hex, v 27 or 28", "必须是 0x 加 65 字节 r||s||v 的小写十六进制，v 为 27 或 28");
    }
}
