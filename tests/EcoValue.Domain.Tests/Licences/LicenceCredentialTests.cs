using System.Globalization;
using System.Text.Json.Nodes;
using EcoValue.Domain.Canonical;
using EcoValue.Domain.Licences;
using EcoValue.Domain.Validation;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Domain.Tests.Licences;

public sealed class LicenceCredentialTests
{

    private static JsonObject Signed(LicenceCredentialInput? input = null) =>
        LicenceProof.Sign(LicenceCredential.Build(input ?? LicenceTestData.Input()), LicenceTestData.CertifierKey, 0, 1_900_000_000);

    [Fact]
    public void Build_hasTheVc2Shape()
    {
        var input = LicenceTestData.Input();
        var vc = LicenceCredential.Build(input);
        Assert.Equal("[\"https://www.w3.org/ns/credentials/v2\",\"https://ecovalue.dev/credentials/v1\"]", vc["@context"]!.ToJsonString());
        Assert.Equal("[\"VerifiableCredential\",\"EcoValueBrandLicence\"]", vc["type"]!.ToJsonString());
        Assert.Equal("urn:ecovalue:licence:01963a2e-7c1b-7d3e-9f00-1234567890ab", (string?)vc["id"]);
        Assert.Equal($"did:pkh:eip155:31337:{LicenceTestData.CertifierKey.Address}", (string?)vc["issuer"]!["id"]);
        Assert.Equal("2025-03-01T00:00:00Z", (string?)vc["validFrom"]);
        Assert.Equal("2028-03-01T00:00:00Z", (string?)vc["validUntil"]);
        Assert.Equal(input.Holder.Id, (string?)vc["credentialSubject"]!["id"]);
        Assert.Equal(Hex.Encode(input.Standard.Hash), (string?)vc["credentialSubject"]!["standard"]!["hash"]);
        Assert.Equal(1234.5, (double)vc["credentialSubject"]!["quota"]![0]!["quantityKg"]!);
        var status = vc["credentialStatus"]!;
        Assert.Equal(31337UL, (ulong)status["chainId"]!);
        Assert.Equal("0x5FbDB2315678afecb367f032d93F642f64180aa3", (string?)status["contract"]);
        Assert.Equal(Hex.Encode(Keccak.HashUtf8("urn:ecovalue:licence:01963a2e-7c1b-7d3e-9f00-1234567890ab")), (string?)status["licenceId"]);
        Assert.Null(vc["proof"]);
    }

    [Fact]
    public void Read_givesBackTheInput_throughJsonText()
    {
        var input = LicenceTestData.Input();
        var text = LicenceCredential.Build(input).ToJsonString();
        Assert.Equal(input, LicenceCredential.Read(JsonNode.Parse(text)!.AsObject()));
    }

    [Fact]
    public void Build_invalidInput_listsEveryProblemInBothLanguages()
    {
        var good = LicenceTestData.Input();
        var bad = good with
        {
            Holder = new LicenceParty("not a uri", ""),
            Standard = good.Standard with { Hash = new byte[32] },
            Scope = new LicenceScope(["p1", "p1"], ["tea"]),
            Quota = [new LicenceQuota("coffee", "2025", 1), new LicenceQuota("tea", "2025", -1), new LicenceQuota("tea", "2026", 0.0001m)],
            ValidUntil = good.ValidFrom,
        };
        var ex = Assert.Throws<DomainValidationException>(() => LicenceCredential.Build(bad));
        var fields = ex.Errors.Select(e => e.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "holder.id", "holder.name", "standard.hash", "scope.plots[1]", "quota[0].category", "quota[1].quantityKg", "quota[2].quantityKg", "validUntil" }, fields);
        Assert.All(ex.Errors, e => Assert.False(string.IsNullOrEmpty(e.Zh)));

        var fraction = Assert.Throws<DomainValidationException>(() => LicenceCredential.Build(good with { ValidFrom = good.ValidFrom.AddMilliseconds(5) }));
        Assert.Equal("validFrom", Assert.Single(fraction.Errors).Field);
    }

    [Fact]
    public void DocumentHash_isKeccakOfJcsWithoutProof_whateverTheMemberOrder()
    {
        var vc = LicenceCredential.Build(LicenceTestData.Input());
        var hash = LicenceCredential.DocumentHash(vc);
        Assert.Equal(Keccak.Hash(Jcs.Canonicalize(vc)), hash);

        // The same document with its members in reverse order and pretty-printed hashes the same.
        var reversed = new JsonObject();
        foreach (var (name, value) in vc.Reverse())
        {
            reversed[name] = value?.DeepClone();
        }

        var pretty = reversed.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        Assert.Equal(hash, LicenceCredential.DocumentHash(JsonNode.Parse(pretty)!.AsObject()));

        // The proof is not part of the hash; the signed message carries this very hash.
        var signed = Signed();
        Assert.Equal(hash, LicenceCredential.DocumentHash(signed));
        Assert.Equal(Hex.Encode(hash), (string?)signed["proof"]!["eip712"]!["message"]!["documentHash"]);
    }

    [Fact]
    public void Verify_recoversTheCertifier_fromObjectAndFromText()
    {
        var signed = Signed();
        var verified = LicenceProof.Verify(signed);
        Assert.Equal(LicenceTestData.CertifierKey.Address, verified.Certifier);
        Assert.Equal(LicenceTestData.Input(), verified.Content);
        Assert.Equal(LicenceCredential.DocumentHash(signed), verified.DocumentHash);
        Assert.Equal(LicenceIds.LicenceId(LicenceTestData.Input().Id), verified.Message.LicenceId);
        Assert.Equal(LicenceIds.Holder(LicenceTestData.Input().Holder.Id), verified.Message.Holder);
        Assert.Equal(LicenceIds.BrandId("baisha-liangshi"), verified.Message.BrandId);

        var proof = signed["proof"]!;
        Assert.Equal("EcoValueEip712Signature", (string?)proof["type"]);
        Assert.Equal("assertionMethod", (string?)proof["proofPurpose"]);
        Assert.Equal($"did:pkh:eip155:31337:{LicenceTestData.CertifierKey.Address}#blockchainAccountId", (string?)proof["verificationMethod"]);
        Assert.Equal(132, ((string?)proof["proofValue"])!.Length);
        Assert.Equal("IssueLicence", (string?)proof["eip712"]!["primaryType"]);

        Assert.Equal(verified.Certifier, LicenceProof.Verify(signed.ToJsonString()).Certifier);
    }

    [Fact]
    public void Sign_withAKeyThatIsNotTheIssuer_isRefused()
    {
        var vc = LicenceCredential.Build(LicenceTestData.Input());
        Assert.Throws<ArgumentException>(() => LicenceProof.Sign(vc, EthECKey.Generate(), 0, 1));
    }

    [Fact]
    public void Verify_aProofByAnotherKey_namesTheSigner()
    {
        // An impostor signs a document that names the real certifier as its issuer (Attach would refuse; write it by hand).
        var vc = LicenceCredential.Build(LicenceTestData.Input());
        var genuine = Signed();
        var impostor = EthECKey.Generate();
        var message = LicenceCredential.IssueMessage(vc, 0, 1_900_000_000);
        genuine["proof"]!["proofValue"] = message.Sign(impostor, LicenceTestData.Registry).ToHex();
        var ex = Assert.Throws<LicenceCredentialException>(() => LicenceProof.Verify(genuine));
        Assert.Equal("licence.signer", ex.Error.Code);
        Assert.Contains(impostor.Address.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_anyChangedCharacter_fails()
    {
        // Written as UTF-8 text without escapes: "\u767D" and "\u767d" spell the same character, so the same document.
        var text = Signed().ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("白沙良食", text, StringComparison.Ordinal);
        // Every character counts: the proof has no member that neither the document hash nor the signature binds.
        var survived = new List<string>();
        var attempts = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]))
            {
                continue;
            }

            foreach (var replacement in Replacements(text[i]))
            {
                var tampered = string.Concat(text.AsSpan(0, i), replacement.ToString(), text.AsSpan(i + 1));
                attempts++;
                try
                {
                    LicenceProof.Verify(tampered);
                    survived.Add($"{i.ToString(CultureInfo.InvariantCulture)}: '{text[i]}' -> '{replacement}' near {text.Substring(Math.Max(0, i - 30), Math.Min(60, text.Length - Math.Max(0, i - 30)))}");
                }
                catch (LicenceCredentialException)
                {
                }
            }
        }

        Assert.True(survived.Count == 0, string.Join("\n", survived.Take(20)));
        Assert.True(attempts > text.Length, $"only {attempts} changes tried over {text.Length} characters");
    }

    [Fact]
    public void Verify_changedContent_namesWhatNoLongerMatches()
    {
        var signed = Signed();
        signed["credentialSubject"]!["quota"]![0]!["quantityKg"] = 99999;
        Assert.Equal("proof.eip712.message.documentHash", Assert.Throws<LicenceCredentialException>(() => LicenceProof.Verify(signed)).Error.Field);

        var moved = Signed();
        moved["credentialStatus"]!["contract"] = "0x0000000000000000000000000000000000000001";
        Assert.Throws<LicenceCredentialException>(() => LicenceProof.Verify(moved));

        var unsigned = LicenceCredential.Build(LicenceTestData.Input());
        Assert.Equal("proof", Assert.Throws<LicenceCredentialException>(() => LicenceProof.Verify(unsigned)).Error.Field);
    }

    [Theory]
    [InlineData("created")]
    [InlineData("note")]
    public void Verify_aProofMemberNoHashOrSignatureCovers_isRefused(string member)
    {
        // A proof.created (as EthereumEip712Signature2021 has) would be covered by neither the document hash nor the
        // signature, so it could be changed at will: the proof has only members that are fixed, signed or the signature.
        var signed = Signed();
        Assert.Null(signed["proof"]![member]);
        signed["proof"]![member] = "2025-02-28T09:30:00Z";
        Assert.Equal("licence.proof_members", Assert.Throws<LicenceCredentialException>(() => LicenceProof.Verify(signed)).Error.Code);
    }

    [Fact]
    public void Attach_refusesAMessageForAnotherDocument()
    {
        var vc = LicenceCredential.Build(LicenceTestData.Input());
        var other = LicenceCredential.Build(LicenceTestData.Input() with { LicenceKey = LicenceIds.NewLicenceKey() });
        var message = LicenceCredential.IssueMessage(other, 0, 1);
        var signature = message.Sign(LicenceTestData.CertifierKey, LicenceTestData.Registry);
        Assert.Throws<ArgumentException>(() => LicenceProof.Attach(vc, message, signature));
        Assert.NotNull(LicenceProof.Attach(other, message, signature)["proof"]);
    }

    /// <summary>Two different characters for each position: the lowest bit flipped, and the other letter case (or a digit's neighbour).</summary>
    private static IEnumerable<char> Replacements(char c)
    {
        var flipped = (char)(c ^ 1);
        yield return flipped;
        var other = char.IsAsciiLetterLower(c) ? char.ToUpperInvariant(c) : char.IsAsciiLetterUpper(c) ? char.ToLowerInvariant(c) : char.IsAsciiDigit(c) ? (char)('0' + ((c - '0' + 5) % 10)) : c;
        if (other != c && other != flipped)
        {
            yield return other;
        }
    }
}
