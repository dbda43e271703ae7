using EcoValue.Ethereum;

namespace EcoValue.Domain.Licences;

/// <summary>
/// How the licence's text identifiers become the <c>bytes32</c> values <c>LicenceRegistry</c> stores. Every on-chain
/// id is keccak256 of the UTF-8 text of an identifier the licence document itself carries, so anyone holding the
/// document can compute what to look up, and the chain holds no names or personal data (only hashes).
/// </summary>
public static class LicenceIds
{
    /// <summary>Prefix of a licence document's <c>id</c>: <c>urn:ecovalue:licence:{uuid}</c>.</summary>
    public const string LicenceUrnPrefix = "urn:ecovalue:licence:";

    /// <summary>
    /// A new licence key: a UUIDv7 (RFC 9562), time-ordered so database indexes stay compact, with 74 random bits so
    /// keys never collide. It need not be secret or unguessable: only an accredited certifier's signature can issue
    /// a licence under it, and the contract refuses an id that exists (<c>LicenceAlreadyExists</c>).
    /// </summary>
    public static Guid NewLicenceKey() => Guid.CreateVersion7();

    /// <summary>The licence document's <c>id</c> for a key, lowercase hyphenated: <c>urn:ecovalue:licence:0190…</c>.</summary>
    public static string LicenceUrn(Guid licenceKey) => LicenceUrnPrefix + licenceKey.ToString("D");

    /// <summary>The contract's <c>licenceId</c>: keccak256(UTF-8 of the document's <c>id</c>, the licence URN).</summary>
    public static byte[] LicenceId(string licenceUrn) => HashText(licenceUrn, nameof(licenceUrn));

    /// <summary>
    /// The contract's <c>holder</c>: keccak256(UTF-8 of the producer's id, the credential subject's <c>id</c>). The
    /// producer's name, credit code and contacts never go on chain; the id is an opaque system identifier.
    /// </summary>
    public static byte[] Holder(string producerId) => HashText(producerId, nameof(producerId));

    /// <summary>The contract's <c>brandId</c>: keccak256(UTF-8 of the brand's id as the document names it).</summary>
    public static byte[] BrandId(string brandId) => HashText(brandId, nameof(brandId));

    /// <summary>
    /// A status change's <c>reasonHash</c> from its reason text: keccak256(UTF-8). The text itself is kept off chain
    /// (with the status-change record); a caller may pass that record's hash instead, which also binds who and when.
    /// </summary>
    public static byte[] ReasonHash(string reason) => HashText(reason, nameof(reason));

    private static byte[] HashText(string text, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(text, name);
        return Keccak.HashUtf8(text);
    }
}
