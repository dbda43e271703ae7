using System.Security.Cryptography;

namespace EcoValue.Anchoring.Keys;

/// <summary>
/// Where the master key comes from (<c>EcoValue:Licences:*</c>): exactly one of <see cref="MasterKey"/> (base64 of 32
/// bytes, e.g. from a secret store through the environment variable <c>EcoValue__Licences__MasterKey</c>) or
/// <see cref="MasterKeyFile"/>; in the dev profile, neither means <c>&lt;data&gt;/keys/master.key</c>, created if missing.
/// </summary>
public sealed class LicenceKeyOptions
{
    /// <summary>Base64 of the 32-byte master key.</summary>
    public string? MasterKey { get; set; }

    /// <summary>A file holding the base64 master key on one line, mode 0600.</summary>
    public string? MasterKeyFile { get; set; }

    /// <summary>The relayer key file; default <c>&lt;data&gt;/keys/relayer.key</c>.</summary>
    public string? RelayerKeyFile { get; set; }
}

/// <summary>
/// The 32-byte key that encrypts certifiers' signing keys at rest (<see cref="CertifierKeyVault"/>). Production must
/// be given one (<see cref="Resolve"/> refuses to invent it); only the dev profile creates
/// <c>&lt;data&gt;/keys/master.key</c>. Losing it makes every stored certifier key unreadable, so back it up apart from
/// the database. <see cref="ToString"/> shows only the key id (a hash prefix), never key material.
/// </summary>
public sealed class MasterKey
{
    public const int Length = 32;
    public const string FileName = "master.key";

    private const string What = "master key file";
    private const string Setting = "EcoValue:Licences:MasterKeyFile";

    private readonly byte[] _key;

    private MasterKey(byte[] key)
    {
        _key = key;
        // A fingerprint, not the key: 4 bytes of SHA-256 over a label and the key, so a certifier key sealed under
        // another master key is told apart from a damaged one.
        KeyId = SHA256.HashData([.. "EcoValue master key id\0"u8, .. key])[..4];
    }

    /// <summary>4 bytes identifying this key in sealed blobs.</summary>
    public byte[] KeyId { get; }

    internal ReadOnlySpan<byte> Bytes => _key;

    /// <summary>
    /// A key for another purpose derived from this one (HKDF-SHA256, RFC 5869, with <paramref name="purpose"/> as its
    /// info), so a feature that needs a secret of its own (the scan log's keyed hash of addresses) needs no second
    /// secret to configure and back up, and learns nothing about this key or the other derived ones.
    /// </summary>
    public byte[] Derive(string purpose, int length = 32)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, length, salt: [], info: System.Text.Encoding.UTF8.GetBytes(purpose));
    }

    /// <summary>A fresh key from the OS CSPRNG.</summary>
    public static MasterKey Generate() => new(RandomNumberGenerator.GetBytes(Length));

    /// <summary>Parses base64 of exactly 32 bytes; the error never echoes the value.</summary>
    public static MasterKey FromBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("the master key is not valid base64 (expected base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
        }

        return bytes.Length == Length
            ? new MasterKey(bytes)
            : throw new InvalidOperationException($"the master key must be 32 bytes, got {bytes.Length} (expected base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
    }

    /// <summary>Loads an owner-only file holding the base64 key on one line.</summary>
    public static MasterKey LoadFile(string path)
    {
        var text = SecretFile.Read(path, What, Setting);
        try
        {
            return FromBase64(text);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{What} {path}: {e.Message}", e);
        }
    }

    /// <summary>Dev profile only: loads the file, or creates it (mode 0600) with a fresh key.</summary>
    public static MasterKey LoadOrCreateFile(string path)
    {
        if (File.Exists(path))
        {
            return LoadFile(path);
        }

        var key = Generate();
        SecretFile.Create(path, Convert.ToBase64String(key._key));
        return key;
    }

    /// <summary>
    /// The configured master key: the base64 value, else the file; with neither, the dev profile uses (and creates)
    /// <c>&lt;data&gt;/keys/master.key</c> and production refuses to start. Both set is a configuration error.
    /// </summary>
    public static MasterKey Resolve(LicenceKeyOptions options, string dataDirectory, bool development)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hasValue = !string.IsNullOrWhiteSpace(options.MasterKey);
        var hasFile = !string.IsNullOrWhiteSpace(options.MasterKeyFile);
        if (hasValue && hasFile)
        {
            throw new InvalidOperationException("set one of EcoValue:Licences:MasterKey and EcoValue:Licences:MasterKeyFile, not both");
        }

        if (hasValue)
        {
            return FromBase64(options.MasterKey!);
        }

        if (hasFile)
        {
            return LoadFile(options.MasterKeyFile!);
        }

        if (development)
        {
            return LoadOrCreateFile(Path.Combine(dataDirectory, "keys", FileName));
        }

        throw new InvalidOperationException("no master key configured: set EcoValue:Licences:MasterKey (base64 of 32 random bytes) or EcoValue:Licences:MasterKeyFile; production never generates one");
    }

    public override string ToString() => $"MasterKey(id {Convert.ToHexStringLower(KeyId)})";
}
