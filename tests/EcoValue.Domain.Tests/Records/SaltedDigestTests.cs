using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoValue.Domain.Records;
using EcoValue.Ethereum;
using EcoValue.Testing;

namespace EcoValue.Domain.Tests.Records;

public class SaltedDigestTests
{
    private static readonly byte[] Salt = Convert.FromHexString("f0e1d2c3b4a5968778695a4b3c2d1e0f");

    private static JsonElement Element(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void ComputeDigest_is_keccak_of_salt_then_canonical_value()
    {
        var value = Element("""{ "phone": "+86 898 1234 5678", "lat": 19.20, "lon": 109.45 }""");
        var canonical = "{\"lat\":19.2,\"lon\":109.45,\"phone\":\"+86 898 1234 5678\"}"u8.ToArray();

        var digest = SaltedDigest.Commit(value, Salt);

        Assert.Equal(canonical, digest.CanonicalValue.ToArray());
        Assert.Equal(Keccak.Hash([.. Salt, .. canonical]), digest.Digest);
        Assert.Equal(digest.Digest, SaltedDigest.ComputeDigest(Salt, canonical));
    }

    [Fact]
    public async Task ComputeDigest_equals_solidity_keccak_of_abi_encode_packed_bytes16_bytes()
    {
        // keccak256(abi.encodePacked(bytes16 salt, bytes json)) as cast computes it: the layout a contract can check.
        var cast = Cast.Require();
        var canonical = Encoding.UTF8.GetBytes("\"生态\"");
        var packed = await cast.RunAsync("abi-encode", "--packed", "f(bytes16,bytes)", Hex.Encode(Salt), Hex.Encode(canonical));

        var expected = await cast.RunAsync("keccak", packed);

        Assert.Equal(expected, SaltedDigest.Commit(Element("\"\\u751f\\u6001\""), Salt).DigestHex);
    }

    [Fact]
    public void Commit_uses_a_fresh_salt_each_time()
    {
        var a = SaltedDigest.Commit(JsonValue.Create("13800000000"));
        var b = SaltedDigest.Commit(JsonValue.Create("13800000000"));

        Assert.Equal(16, a.Salt.Length);
        Assert.NotEqual(a.Salt, b.Salt);
        Assert.NotEqual(a.Digest, b.Digest);
    }

    [Fact]
    public void Verify_accepts_any_spelling_of_the_value_and_nothing_else()
    {
        var digest = SaltedDigest.Commit(Element("""{"b":1,"a":[2.0,"x"]}"""), Salt).Digest;

        Assert.True(SaltedDigest.Verify(digest, Salt, Element("""{ "a" : [ 2, "\u0078" ], "b" : 1e0 }""")));
        Assert.False(SaltedDigest.Verify(digest, Salt, Element("""{"b":1,"a":[2,"y"]}""")));
        var otherSalt = (byte[])Salt.Clone();
        otherSalt[15] ^= 1;
        Assert.False(SaltedDigest.Verify(digest, otherSalt, Element("""{"b":1,"a":[2,"x"]}""")));
        Assert.False(SaltedDigest.Verify(digest.AsSpan(1), Salt, Element("""{"b":1,"a":[2,"x"]}""")));
        Assert.Throws<RecordException>(() => SaltedDigest.Verify(digest, Salt.AsSpan(1), Element("1")));
    }

    [Fact]
    public void Public_and_opening_forms_round_trip()
    {
        var committed = SaltedDigest.Commit(new JsonObject { ["contact"] = "林 +86 138 0000 0000" });

        var publicJson = committed.ToPublicJson().ToJsonString();
        var openingJson = committed.ToOpeningJson().ToJsonString();

        Assert.Equal($"{{\"digest\":\"{committed.DigestHex}\"}}", publicJson);
        // Pieces of the value no hex digest can contain ("138" alone turned up inside a random digest now and then).
        Assert.DoesNotContain("林", publicJson, StringComparison.Ordinal);
        Assert.DoesNotContain("+86 138", publicJson, StringComparison.Ordinal);
        Assert.Equal(committed.Digest, SaltedDigest.ReadPublic(Element(publicJson)));
        var opened = SaltedDigest.Open(Element(openingJson));
        Assert.Equal(committed.Digest, opened.Digest);
        Assert.Equal(committed.Salt, opened.Salt);
    }

    [Fact]
    public void Envelope_carrying_a_digest_reveals_only_the_digest()
    {
        var secret = SaltedDigest.Commit(JsonValue.Create("19.2034N 109.4512E"));
        var record = RecordEnvelope.Create("plot", "plot:46-7", "user:farmer-1", DateTimeOffset.UtcNow,
            new JsonObject { ["area_mu"] = 12.5, ["location"] = secret.ToPublicJson() });

        var published = RecordEnvelope.Parse(record.ToCanonicalJson());

        Assert.DoesNotContain("109.45", Encoding.UTF8.GetString(record.ToCanonicalJson()), StringComparison.Ordinal);
        Assert.Equal(secret.Digest, SaltedDigest.ReadPublic(published.Data.GetProperty("location")));
        Assert.True(SaltedDigest.Verify(secret.Digest, secret.Salt, Element("\"19.2034N 109.4512E\"")));
    }

    [Theory]
    [InlineData("""{"digest":"0xABCDEF0000000000000000000000000000000000000000000000000000000000"}""")]
    [InlineData("""{"digest":"0xabcdef00000000000000000000000000000000000000000000000000000000"}""")]
    [InlineData("""{"digest":"abcdef000000000000000000000000000000000000000000000000000000000000"}""")]
    [InlineData("""{"digest":"0xabcdef0000000000000000000000000000000000000000000000000000000000","salt":"0x00"}""")]
    [InlineData("""{"hash":"0xabcdef0000000000000000000000000000000000000000000000000000000000"}""")]
    [InlineData("""{"digest":1}""")]
    [InlineData("""["0xabcdef0000000000000000000000000000000000000000000000000000000000"]""")]
    public void ReadPublic_rejects_anything_but_the_exact_form(string json)
    {
        Assert.Throws<RecordException>(() => SaltedDigest.ReadPublic(Element(json)));
    }

    [Theory]
    [InlineData("""{"salt":"0x00112233445566778899aabbccddeeff"}""")]
    [InlineData("""{"salt":"0x00112233445566778899aabbccddee","value":1}""")]
    [InlineData("""{"salt":"0x00112233445566778899aabbccddeeff","value":1,"x":2}""")]
    [InlineData("""{"salt":"0x00112233445566778899aabbccddeeff","value":"\ud800"}""")]
    public void Open_rejects_malformed_openings(string json)
    {
        Assert.Throws<RecordException>(() => SaltedDigest.Open(Element(json)));
    }
}
