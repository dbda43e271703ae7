using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EcoValue.Data.Accounts;

/// <summary>How a password compared with a stored hash.</summary>
public enum PasswordCheck
{
    Mismatch,
    Match,

    /// <summary>Right password, but the stored hash is weaker than today's setting: store <see cref="PasswordHasher.Hash"/> anew.</summary>
    MatchNeedsRehash,
}

/// <summary>
/// PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) with a 16-byte random salt and a 32-byte key, 600,000 iterations by default
/// (OWASP Password Storage Cheat Sheet, 2023+). Stored as <c>pbkdf2-sha256$600000$salt$key</c> with standard
/// base64 (RFC 4648 §4) for salt and key, so the cost travels with each hash and can be raised later (rehash on sign-in).
/// Passwords are NFKC-normalised and UTF-8 encoded first, so the same password typed on any keyboard verifies.
/// </summary>
public sealed class PasswordHasher
{
    public const int DefaultIterations = 600_000;
    public const string Scheme = "pbkdf2-sha256";
    public const int SaltSize = 16;
    public const int KeySize = 32;

    // A stored hash asking for more than this is corrupt or hostile: refusing it keeps one sign-in from costing minutes.
    private const int MaxIterations = 10_000_000;

    private readonly Lazy<string> _dummy;

    /// <param name="iterations">Cost for new hashes. Below <see cref="DefaultIterations"/> only for tests (the host refuses it elsewhere).</param>
    public PasswordHasher(int iterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        Iterations = iterations;
        _dummy = new Lazy<string>(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))));
    }

    public int Iterations { get; }

    /// <summary>A fresh salted hash of <paramref name="password"/> at <see cref="Iterations"/>.</summary>
    public string Hash(string password)
    {
        var bytes = PasswordBytes(password) ?? throw new ArgumentException("the password is not well-formed Unicode", nameof(password));
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var key = Rfc2898DeriveBytes.Pbkdf2(bytes, salt, Iterations, HashAlgorithmName.SHA256, KeySize);
        CryptographicOperations.ZeroMemory(bytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}");
    }

    /// <summary>
    /// Compares in fixed time. A malformed stored hash or a password that is not well-formed Unicode is a mismatch
    /// (after the same work as a real check, so it cannot be told apart by timing).
    /// </summary>
    public PasswordCheck Verify(string storedHash, string password)
    {
        ArgumentNullException.ThrowIfNull(storedHash);
        if (!TryParse(storedHash, out var iterations, out var salt, out var expected))
        {
            DummyVerify(password);
            return PasswordCheck.Mismatch;
        }

        var bytes = PasswordBytes(password);
        var actual = Rfc2898DeriveBytes.Pbkdf2(bytes ?? [], salt, iterations, HashAlgorithmName.SHA256, KeySize);
        var same = CryptographicOperations.FixedTimeEquals(actual, expected) && bytes is not null;
        if (bytes is not null)
        {
            CryptographicOperations.ZeroMemory(bytes);
        }

        return !same ? PasswordCheck.Mismatch : iterations < Iterations ? PasswordCheck.MatchNeedsRehash : PasswordCheck.Match;
    }

    /// <summary>
    /// Spends what a real check costs against a hash nobody has: sign-in calls it for unknown, locked or disabled
    /// accounts so the response time does not reveal which usernames exist.
    /// </summary>
    public void DummyVerify(string? password) => Verify(_dummy.Value, password ?? string.Empty);

    /// <summary>Strict parse of <c>pbkdf2-sha256$N$salt$key</c>: canonical decimal N, 16-byte salt, 32-byte key.</summary>
    public static bool TryParse(string stored, out int iterations, out byte[] salt, out byte[] key)
    {
        iterations = 0;
        salt = [];
        key = [];
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || parts[1].Length is 0 or > 8 || parts[1][0] == '0' || !parts[1].All(char.IsAsciiDigit)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations > MaxIterations)
        {
            return false;
        }

        salt = Decode(parts[2], SaltSize) ?? [];
        key = Decode(parts[3], KeySize) ?? [];
        return salt.Length == SaltSize && key.Length == KeySize;
    }

    private static byte[]? Decode(string text, int length)
    {
        var buffer = new byte[length + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) && written == length && Convert.ToBase64String(buffer, 0, written) == text
            ? buffer[..written]
            : null;
    }

    /// <summary>UTF-8 of the NFKC form; null when the text holds a lone surrogate (it has no UTF-8 form to hash).</summary>
    private static byte[]? PasswordBytes(string password) =>
        AccountRules.TryNormalize(password, out var normalized) ? Encoding.UTF8.GetBytes(normalized) : null;
}
