using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoValue.Domain.Canonical;
using EcoValue.Domain.Validation;
using EcoValue.Ethereum;
using R = EcoValue.Domain.Licences.CredentialReader;

namespace EcoValue.Domain.Licences;

/// <summary>
/// The licence document: a W3C Verifiable Credentials 2.0-shaped JSON credential naming the certifier (issuer, as
/// did:pkh), the producer (subject), brand, standard (with its canonical hash), scope, quota and validity, and where
/// its status lives on chain (credentialStatus). <see cref="DocumentHash"/> = keccak256(JCS(credential without
/// <c>proof</c>)) is what <c>LicenceRegistry</c> stores; the proof (<see cref="LicenceProof"/>) is the certifier's
/// EIP-712 signature over the <see cref="IssueLicenceMessage"/> that carries that hash. See docs/licences.md.
/// </summary>
public static class LicenceCredential
{
    public const string CredentialsV2Context = "https://www.w3.org/ns/credentials/v2";

    /// <summary>Our JSON-LD context for the terms VC 2.0 does not define (brand, standard, scope, quota, the status and proof types).</summary>
    public const string EcoValueContext = "https://ecovalue.dev/credentials/v1";

    public const string CredentialType = "EcoValueBrandLicence";

    /// <summary>credentialStatus type: the licence's status is <c>LicenceRegistry.licenceStatus(licenceId, at)</c> on the named chain and contract.</summary>
    public const string StatusType = "EcoValueLicenceRegistryStatus";

    /// <summary>Builds the unsigned credential (no <c>proof</c>); invalid input is a <see cref="Validation.DomainValidationException"/> listing every problem.</summary>
    public static JsonObject Build(LicenceCredentialInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Validate();
        var id = input.Id;
        return new JsonObject
        {
            ["@context"] = new JsonArray(CredentialsV2Context, EcoValueContext),
            ["id"] = id,
            ["type"] = new JsonArray("VerifiableCredential", CredentialType),
            ["issuer"] = new JsonObject { ["id"] = Did(input.Registry.ChainId, input.Issuer.Address), ["name"] = input.Issuer.Name },
            ["validFrom"] = FormatTime(input.ValidFrom),
            ["validUntil"] = FormatTime(input.ValidUntil),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = input.Holder.Id,
                ["name"] = input.Holder.Name,
                ["brand"] = new JsonObject { ["id"] = input.Brand.Id, ["name"] = input.Brand.Name },
                ["standard"] = new JsonObject
                {
                    ["id"] = input.Standard.Id, ["version"] = input.Standard.Version, ["hash"] = Hex.Encode(input.Standard.Hash),
                },
                ["scope"] = new JsonObject
                {
                    ["plots"] = new JsonArray([.. input.Scope.Plots.Select(p => JsonValue.Create(p))]),
                    ["categories"] = new JsonArray([.. input.Scope.Categories.Select(c => JsonValue.Create(c))]),
                },
                ["quota"] = new JsonArray([.. input.Quota.Select(q => new JsonObject
                {
                    ["category"] = q.Category,
                    ["season"] = q.Season,
                    // A JSON number; JCS writes it as ECMAScript's shortest round-trip form (at most 3 decimals, below 10^12: exact enough).
                    ["quantityKg"] = (double)q.QuantityKg,
                })]),
            },
            ["credentialStatus"] = new JsonObject
            {
                ["type"] = StatusType,
                ["chainId"] = input.Registry.ChainId,
                ["contract"] = input.Registry.VerifyingContract.ToString(),
                ["licenceId"] = Hex.Encode(LicenceIds.LicenceId(id)),
            },
        };
    }

    /// <summary>keccak256 of the RFC 8785 canonical form of the credential without its <c>proof</c> member.</summary>
    public static byte[] DocumentHash(JsonObject credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var body = new JsonObject();
        foreach (var (name, value) in credential)
        {
            if (name != "proof")
            {
                body[name] = value?.DeepClone();
            }
        }

        return Keccak.Hash(Jcs.Canonicalize(body));
    }

    /// <summary>
    /// The issuance the certifier signs for this credential: ids hashed as <see cref="LicenceIds"/> says, the document
    /// hash, the standard hash and validity from the credential, and the certifier's <paramref name="nonce"/> and
    /// signature <paramref name="deadline"/> (Unix seconds).
    /// </summary>
    public static IssueLicenceMessage IssueMessage(JsonObject credential, BigInteger nonce, BigInteger deadline)
    {
        var content = Read(credential);
        return new IssueLicenceMessage(
            LicenceIds.LicenceId(content.Id),
            LicenceIds.BrandId(content.Brand.Id),
            LicenceIds.Holder(content.Holder.Id),
            DocumentHash(credential),
            content.Standard.Hash,
            (ulong)content.ValidFrom.ToUnixTimeSeconds(),
            (ulong)content.ValidUntil.ToUnixTimeSeconds(),
            nonce,
            deadline);
    }

    /// <summary>
    /// Reads the credential's content back (the proof, if any, is not checked here: <see cref="LicenceProof.Verify(JsonObject)"/>
    /// does). The fixed members (@context, type, the id's form, the status type, the did:pkh issuer on the status's
    /// chain) must be exactly as <see cref="Build"/> writes them; anything else is a <see cref="LicenceCredentialException"/>.
    /// </summary>
    public static LicenceCredentialInput Read(JsonObject credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        R.Fixed(credential, "@context", new JsonArray(CredentialsV2Context, EcoValueContext));
        R.Fixed(credential, "type", new JsonArray("VerifiableCredential", CredentialType));
        var id = R.String(credential, "id");
        if (!id.StartsWith(LicenceIds.LicenceUrnPrefix, StringComparison.Ordinal)
            || !Guid.TryParseExact(id[LicenceIds.LicenceUrnPrefix.Length..], "D", out var key)
            || LicenceIds.LicenceUrn(key) != id)
        {
            throw R.Fail("id", "licence.id", $"must be {LicenceIds.LicenceUrnPrefix}<lowercase uuid>", $"必须是 {LicenceIds.LicenceUrnPrefix}<小写 UUID>");
        }

        var status = R.Object(credential, "credentialStatus");
        R.Fixed(status, "type", JsonValue.Create(StatusType), "credentialStatus.type");
        var chainId = R.UInt64(status, "chainId", "credentialStatus.chainId");
        var contract = R.Address(status, "contract", "credentialStatus.contract");
        if (!R.Word(status, "licenceId", "credentialStatus.licenceId").AsSpan().SequenceEqual(LicenceIds.LicenceId(id)))
        {
            throw R.Fail("credentialStatus.licenceId", "licence.status_id", "is not keccak256 of the credential's id", "不是凭证 id 的 keccak256");
        }

        var issuer = R.Object(credential, "issuer");
        var issuerAddress = ParseDid(R.String(issuer, "id", "issuer.id"), chainId, "issuer.id");
        var subject = R.Object(credential, "credentialSubject");
        var brand = R.Object(subject, "brand", "credentialSubject.brand");
        var standard = R.Object(subject, "standard", "credentialSubject.standard");
        var scope = R.Object(subject, "scope", "credentialSubject.scope");
        var hash = R.Word(standard, "hash", "credentialSubject.standard.hash");
        var content = new LicenceCredentialInput(
            key,
            new LicenceRegistryDomain(chainId, contract),
            new LicenceIssuer(issuerAddress, R.String(issuer, "name", "issuer.name")),
            new LicenceParty(R.String(subject, "id", "credentialSubject.id"), R.String(subject, "name", "credentialSubject.name")),
            new LicenceParty(R.String(brand, "id", "credentialSubject.brand.id"), R.String(brand, "name", "credentialSubject.brand.name")),
            new LicenceStandardRef(
                R.String(standard, "id", "credentialSubject.standard.id"), R.String(standard, "version", "credentialSubject.standard.version"), hash),
            new LicenceScope(R.Strings(scope, "plots", "credentialSubject.scope.plots"), R.Strings(scope, "categories", "credentialSubject.scope.categories")),
            R.Quota(subject),
            R.Time(credential, "validFrom"),
            R.Time(credential, "validUntil"));
        try
        {
            content.Validate();
        }
        catch (Validation.DomainValidationException e)
        {
            var first = e.Errors[0];
            throw new LicenceCredentialException(first with { Code = "licence.content" });
        }

        return content;
    }

    /// <summary>The issuer's DID: <c>did:pkh:eip155:{chainId}:{EIP-55 address}</c> (CAIP-10 account id).</summary>
    public static string Did(ulong chainId, Address address) =>
        $"did:pkh:eip155:{chainId.ToString(CultureInfo.InvariantCulture)}:{address}";

    /// <summary>VC 2.0 dateTimeStamp in UTC, whole seconds: <c>2025-03-01T00:00:00Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static Address ParseDid(string did, ulong chainId, string field)
    {
        var prefix = $"did:pkh:eip155:{chainId.ToString(CultureInfo.InvariantCulture)}:";
        if (!did.StartsWith(prefix, StringComparison.Ordinal) || !Address.TryParse(did[prefix.Length..], out var address)
            || did != Did(chainId, address))
        {
            throw R.Fail(field, "licence.did", $"must be {prefix}<EIP-55 address> (the credential's chain)", $"必须是 {prefix}<EIP-55 地址>（凭证所在链）");
        }

        return address;
    }
}

/// <summary>Strict reads of credential members; every failure names the member's path in both languages.</summary>
internal static class CredentialReader
{
    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    public static LicenceCredentialException Fail(string field, string code, string en, string zh) => new(new FieldError(field, code, en, zh));

    public static JsonObject Object(JsonObject parent, string name, string? path = null) =>
        Member(parent, name, path) as JsonObject ?? throw Fail(path ?? name, "licence.type", "must be an object", "必须是对象");

    public static string String(JsonObject parent, string name, string? path = null) =>
        Member(parent, name, path) is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw Fail(path ?? name, "licence.type", "must be a string", "必须是字符串");

    public static ulong UInt64(JsonObject parent, string name, string path) =>
        Member(parent, name, path) is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<ulong>(out var n)
            ? n
            : throw Fail(path, "licence.type", "must be a non-negative integer", "必须是非负整数");

    public static Address Address(JsonObject parent, string name, string path)
    {
        var text = String(parent, name, path);
        return Ethereum.Address.TryParse(text, out var address) && text == address.ToString()
            ? address
            : throw Fail(path, "licence.address", "must be an EIP-55 checksummed address", "必须是 EIP-55 校验格式的地址");
    }

    /// <summary>A 32-byte value written as Hex.Encode writes it: 0x and 64 lowercase hex digits (one spelling per value).</summary>
    public static byte[] Word(JsonObject parent, string name, string path)
    {
        var text = String(parent, name, path);
        if (text.Length != 66 || !text.StartsWith("0x", StringComparison.Ordinal) || text.AsSpan(2).ContainsAnyExcept(LowerHex))
        {
            throw Fail(path, "licence.word", "must be 0x and 64 lowercase hex digits", "必须是 0x 加 64 位小写十六进制数字");
        }

        return Hex.DecodeFixed(text, 32);
    }

    public static DateTimeOffset Time(JsonObject parent, string name, string? path = null)
    {
        var text = String(parent, name, path);
        return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw Fail(path ?? name, "licence.time", "must be a UTC time in whole seconds, e.g. 2025-03-01T00:00:00Z", "必须是精确到秒的 UTC 时间，例如 2025-03-01T00:00:00Z");
    }

    public static IReadOnlyList<string> Strings(JsonObject parent, string name, string path)
    {
        if (Member(parent, name, path) is not JsonArray array)
        {
            throw Fail(path, "licence.type", "must be an array of strings", "必须是字符串数组");
        }

        return [.. array.Select((item, i) => item is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw Fail($"{path}[{i}]", "licence.type", "must be a string", "必须是字符串"))];
    }

    public static IReadOnlyList<LicenceQuota> Quota(JsonObject subject)
    {
        const string path = "credentialSubject.quota";
        if (Member(subject, "quota", path) is not JsonArray array)
        {
            throw Fail(path, "licence.type", "must be an array", "必须是数组");
        }

        var quota = new List<LicenceQuota>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var item = array[i] as JsonObject ?? throw Fail(itemPath, "licence.type", "must be an object", "必须是对象");
            var quantity = Member(item, "quantityKg", itemPath + ".quantityKg") is JsonValue v && v.GetValueKind() == JsonValueKind.Number
                && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var kg) && double.IsFinite(kg)
                && Math.Abs(kg) <= (double)LicenceCredentialInput.MaxQuantityKg
                ? (decimal)kg
                : throw Fail(itemPath + ".quantityKg", "licence.type", "must be a number", "必须是数字");
            quota.Add(new LicenceQuota(String(item, "category", itemPath + ".category"), String(item, "season", itemPath + ".season"), quantity));
        }

        return quota;
    }

    /// <summary>A member that must equal <paramref name="expected"/> exactly (compared as JSON values).</summary>
    public static void Fixed(JsonObject parent, string name, JsonNode expected, string? path = null)
    {
        if (!JsonNode.DeepEquals(Member(parent, name, path), expected))
        {
            throw Fail(path ?? name, "licence.fixed", $"must be {expected.ToJsonString()}", $"必须是 {expected.ToJsonString()}");
        }
    }

    private static JsonNode Member(JsonObject parent, string name, string? path)
    {
        try
        {
            return parent[name] ?? throw Fail(path ?? name, "required", "is required", "必填");
        }
        catch (ArgumentException)
        {
            throw Fail(path ?? name, "licence.duplicate", "is a duplicate member", "成员重复");
        }
    }
}
