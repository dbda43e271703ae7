using System.Security.Cryptography;
using System.Text;
using EcoValue.Data.Accounts;

namespace EcoValue.Data.Tests.Accounts;

public sealed class PasswordHasherTests
{
    private static readonly PasswordHasher Fast = new(iterations: 1000);

    [Fact]
    public void Default_is600kIterations_andTheHashSaysSo()
    {
        var hasher = new PasswordHasher();
        Assert.Equal(600_000, hasher.Iterations);
        var hash = hasher.Hash("correct horse battery");
        var parts = hash.Split('$');
        Assert.Equal(["pbkdf2-sha256", "600000"], parts[..2]);
        Assert.Equal(PasswordCheck.Match, hasher.Verify(hash, "correct horse battery"));
    }

    [Fact]
    public void Hash_format_isSchemeIterationsSaltKey_andKeyIsPbkdf2HmacSha256OfTheUtf8Password()
    {
        var hash = Fast.Hash("pässwörd-123");
        var parts = hash.Split('$');
        Assert.Equal(4, parts.Length);
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.Equal("1000", parts[1]);
        var salt = Convert.FromBase64String(parts[2]);
        var key = Convert.FromBase64String(parts[3]);
        Assert.Equal(16, salt.Length);
        Assert.Equal(32, key.Length);
        // Recomputed independently of the hasher: RFC 8018 PBKDF2 with HMAC-SHA256 over the UTF-8 bytes.
        Assert.Equal(key, Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes("pässwörd-123"), salt, 1000, HashAlgorithmName.SHA256, 32));
    }

    [Fact]
    public void Hash_samePasswordTwice_differsBySalt_bothVerify()
    {
        var a = Fast.Hash("same password here");
        var b = Fast.Hash("same password here");
        Assert.NotEqual(a, b);
        Assert.Equal(PasswordCheck.Match, Fast.Verify(a, "same password here"));
        Assert.Equal(PasswordCheck.Match, Fast.Verify(b, "same password here"));
        Assert.Equal(PasswordCheck.Mismatch, Fast.Verify(a, "same password herE"));
        Assert.Equal(PasswordCheck.Mismatch, Fast.Verify(a, ""));
    }

    [Fact]
    public void Verify_isNfkcInsensitive_composedDecomposedAndFullwidthAgree()
    {
        var hash = Fast.Hash("Caf\u00e9 ＡＢＣ 12345");
        Assert.Equal(PasswordCheck.Match, Fast.Verify(hash, "Cafe\u0301 ABC 12345"));
    }

    [Fact]
    public void Verify_storedHashWeakerThanTheSetting_asksForRehash()
    {
        var weak = new PasswordHasher(iterations: 500).Hash("long enough password");
        Assert.Equal(PasswordCheck.MatchNeedsRehash, Fast.Verify(weak, "long enough password"));
        Assert.Equal(PasswordCheck.Mismatch, Fast.Verify(weak, "wrong password!!"));
        // A stronger stored hash is kept as it is.
        Assert.Equal(PasswordCheck.Match, new PasswordHasher(iterations: 100).Verify(Fast.Hash("long enough password"), "long enough password"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("pbkdf2-sha512$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$01000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$-1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$99999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=$extra")]
    public void Verify_malformedStoredHash_isAMismatch_notAnException(string stored)
    {
        Assert.False(PasswordHasher.TryParse(stored, out _, out _, out _));
        Assert.Equal(PasswordCheck.Mismatch, Fast.Verify(stored, "anything at all"));
    }

    [Fact]
    public void Verify_loneSurrogatePassword_isAMismatch_andCannotBeHashed()
    {
        var hash = Fast.Hash("long enough \uFFFD password");
        // Encoding.UTF8 would turn the lone surrogate into U+FFFD; the hasher refuses instead of colliding.
        Assert.Equal(PasswordCheck.Mismatch, Fast.Verify(hash, "long enough \uD800 password"));
        Assert.Throws<ArgumentException>(() => Fast.Hash("lone \uDC00 surrogate"));
    }

    [Fact]
    public void Constructor_outOfRangeIterations_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PasswordHasher(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PasswordHasher(10_000_001));
    }
}
