using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Anchoring.Keys;

/// <summary>A certifier's new key: its address (public; what gets accredited on chain) and the sealed private key to store.</summary>
public sealed record SealedCertifierKey(Address Address, string Sealed);

/// <summary>
/// A sealed certifier key that cannot be opened: not a sealed key at all, sealed under another master key, or sealed
/// for another user or altered (AES-GCM authentication failed). Messages name the user, never key material.
/// </summary>
public sealed class CertifierKeyException : Exception
{
    public CertifierKeyException()
    {
    }

    public CertifierKeyException(string message)
        : base(message)
    {
    }

    public CertifierKeyException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Certifiers' secp256k1 signing keys, encrypted at rest under the <see cref="MasterKey"/> with AES-256-GCM. Each
/// certifier gets its own key (its signature is its decision: DESIGN.md "Certification model").
/// <para>Sealed form (version 1): <c>ck1.</c> + base64url(keyId[4] ‖ address[20] ‖ nonce[12] ‖ ciphertext[32] ‖ tag[16]).
/// The nonce is random per sealing (96 bits; a master key seals far fewer than the 2^32 messages NIST SP 800-38D
/// allows with random nonces). The associated data is a version label, the key id, the address and the certifier's
/// user id, so a sealed key copied to another user's row, or with any byte changed, does not open. The address is
/// in clear so the database can show and index it without the master key; it is authenticated, and checked
/// against the decrypted key.</para>
/// <para>Where: beside the service and relayer keys, since this is the service's key custody; it needs nothing from
/// the database, which stores the sealed string as an opaque column.</para>
/// </summary>
public sealed class CertifierKeyVault(MasterKey master)
{
    public const string Prefix = "ck1.";

    private const int KeyIdLength = 4;
    private const int AddressLength = 20;
    private const int NonceLength = 12;
    private const int SecretLength = 32;
    private const int TagLength = 16;
    private const int BlobLength = KeyIdLength + AddressLength + NonceLength + SecretLength + TagLength;

    private static readonly byte[] Label = "EcoValue certifier key v1\0"u8.ToArray();

    // Strict: a lone surrogate in a user id is an error, never a silent U+FFFD that two ids could share.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly MasterKey _master = master ?? throw new ArgumentNullException(nameof(master));

    /// <summary>Generates a key for <paramref name="userId"/> and seals it.</summary>
    public SealedCertifierKey Generate(string userId)
    {
        var key = EthECKey.Generate();
        return new SealedCertifierKey(key.Address, Seal(userId, key));
    }

    /// <summary>Seals <paramref name="key"/> for <paramref name="userId"/> under the master key.</summary>
    public string Seal(string userId, EthECKey key)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(key);
        var blob = new byte[BlobLength];
        var span = blob.AsSpan();
        _master.KeyId.CopyTo(span);
        key.Address.Bytes.CopyTo(span[KeyIdLength..]);
        var nonce = span.Slice(KeyIdLength + AddressLength, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        var secret = key.GetPrivateKeyBytes();
        try
        {
            using var aes = new AesGcm(_master.Bytes, TagLength);
            aes.Encrypt(nonce, secret, span.Slice(BlobLength - TagLength - SecretLength, SecretLength), span[^TagLength..], AssociatedData(blob, userId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }

        return Prefix + Base64Url.EncodeToString(blob);
    }

    /// <summary>Opens a sealed key for <paramref name="userId"/>; anything wrong is a <see cref="CertifierKeyException"/>.</summary>
    public EthECKey Open(string userId, string sealedKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var blob = Decode(sealedKey);
        if (!blob.AsSpan(0, KeyIdLength).SequenceEqual(_master.KeyId))
        {
            throw new CertifierKeyException($"the certifier key of user {userId} was sealed under another master key (or its key id was altered); configure the master key it was sealed with");
        }

        var secret = new byte[SecretLength];
        try
        {
            using var aes = new AesGcm(_master.Bytes, TagLength);
            var span = blob.AsSpan();
            aes.Decrypt(span.Slice(KeyIdLength + AddressLength, NonceLength), span.Slice(BlobLength - TagLength - SecretLength, SecretLength), span[^TagLength..], secret, AssociatedData(blob, userId));
            var key = new EthECKey(secret);
            if (key.Address != AddressOf(blob))
            {
                throw new CertifierKeyException($"the certifier key of user {userId} does not match its recorded address");
            }

            return key;
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CertifierKeyException($"the certifier key does not open for user {userId}: it belongs to another user or was altered", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>The address a sealed key is for, read without the master key (not authenticated until <see cref="Open"/>).</summary>
    public static Address AddressOf(string sealedKey) => AddressOf(Decode(sealedKey));

    private static Address AddressOf(byte[] blob) => new(blob.AsSpan(KeyIdLength, AddressLength));

    private static byte[] Decode(string sealedKey)
    {
        ArgumentNullException.ThrowIfNull(sealedKey);
        if (!sealedKey.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new CertifierKeyException($"not a sealed certifier key (expected the {Prefix} format)");
        }

        byte[] blob;
        try
        {
            blob = Base64Url.DecodeFromChars(sealedKey.AsSpan(Prefix.Length));
        }
        catch (FormatException e)
        {
            throw new CertifierKeyException("not a sealed certifier key (bad base64url)", e);
        }

        return blob.Length == BlobLength
            ? blob
            : throw new CertifierKeyException($"not a sealed certifier key ({blob.Length} bytes, expected {BlobLength})");
    }

    private static byte[] AssociatedData(byte[] blob, string userId) =>
        [.. Label, .. blob.AsSpan(0, KeyIdLength + AddressLength), .. StrictUtf8.GetBytes(userId)];
}
