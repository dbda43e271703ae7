using System.Text.Json;
using System.Text.Json.Nodes;
using EcoValue.Domain.Canonical;
using EcoValue.Ethereum;

namespace EcoValue.Domain.Records;

/// <summary>
/// A hiding commitment to a private value (contact, exact coordinates, a report file's hash), so the public envelope
/// carries only the digest and whoever holds the salt and the value can prove what was recorded.
/// <para>Byte layout: <c>digest = keccak256(salt ‖ JCS(value))</c>, where <c>salt</c> is exactly 16 bytes from the
/// CSPRNG (its own, never the envelope's) and <c>JCS(value)</c> the RFC 8785 UTF-8 bytes of any JSON value. The salt
/// has a fixed length, so the preimage splits one way only; in Solidity the same digest is
/// <c>keccak256(abi.encodePacked(bytes16 salt, bytes canonicalJson))</c>.</para>
/// <para>Public form inside <c>data</c>: <c>{"digest":"0x…64 hex…"}</c>. Opening, kept by the holder and disclosed
/// to a verifier: <c>{"salt":"0x…32 hex…","value":…}</c>.</para>
/// </summary>
public sealed class SaltedDigest
{
    public const int SaltLength = RecordFields.SaltLength;

    private readonly byte[] _salt;
    private readonly byte[] _canonicalValue;
    private readonly byte[] _digest;

    private SaltedDigest(byte[] salt, byte[] canonicalValue)
    {
        _salt = salt;
        _canonicalValue = canonicalValue;
        _digest = ComputeDigest(salt, canonicalValue);
    }

    public byte[] Salt => (byte[])_salt.Clone();

    /// <summary>The committed value in canonical form.</summary>
    public ReadOnlySpan<byte> CanonicalValue => _canonicalValue;

    public byte[] Digest => (byte[])_digest.Clone();

    public string DigestHex => Hex.Encode(_digest);

    /// <summary>Commits to a value (null is JSON null) with a fresh salt.</summary>
    public static SaltedDigest Commit(JsonNode? value) => new(RecordFields.NewSalt(), Canonicalize(() => Jcs.Canonicalize(value)));

    public static SaltedDigest Commit(JsonElement value) => Commit(value, RecordFields.NewSalt());

    /// <summary>Commits with a given salt (re-deriving a known commitment, fixed test data).</summary>
    public static SaltedDigest Commit(JsonElement value, ReadOnlySpan<byte> salt) =>
        new(RecordFields.CheckSaltLength(salt).ToArray(), Canonicalize(() => Jcs.Canonicalize(value)));

    /// <summary>keccak256(salt ‖ canonicalValue) for a 16-byte salt and the value's JCS bytes.</summary>
    public static byte[] ComputeDigest(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> canonicalValue)
    {
        RecordFields.CheckSaltLength(salt);
        var preimage = new byte[SaltLength + canonicalValue.Length];
        salt.CopyTo(preimage);
        canonicalValue.CopyTo(preimage.AsSpan(SaltLength));
        return Keccak.Hash(preimage);
    }

    /// <summary>True when salt and value open <paramref name="digest"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> salt, JsonElement value) =>
        digest.Length == 32 && Commit(value, salt)._digest.AsSpan().SequenceEqual(digest);

    /// <summary>The form that goes into the public envelope: <c>{"digest":"0x…"}</c>.</summary>
    public JsonObject ToPublicJson() => new() { ["digest"] = DigestHex };

    /// <summary>What the holder keeps and discloses to prove the value: <c>{"salt":"0x…","value":…}</c>.</summary>
    public JsonObject ToOpeningJson() => new()
    {
        ["salt"] = RecordFields.FormatSalt(_salt),
        ["value"] = JsonNode.Parse(_canonicalValue),
    };

    /// <summary>Reads the digest from its public form, strictly: an object with the single member "digest", 0x + 64 lower-case hex.</summary>
    public static byte[] ReadPublic(JsonElement publicJson)
    {
        if (publicJson.ValueKind != JsonValueKind.Object || publicJson.GetPropertyCount() != 1
            || !publicJson.TryGetProperty("digest", out var digest) || digest.ValueKind != JsonValueKind.String)
        {
            throw new RecordException("a salted digest is an object with the single member \"digest\"");
        }

        var text = digest.GetString()!;
        if (!RecordFields.IsLowerHex(text, 32))
        {
            throw new RecordException($"digest \"{RecordFields.Preview(text)}\" must be 0x followed by 64 lower-case hex digits");
        }

        return Hex.Decode(text);
    }

    /// <summary>Reads an opening (<c>{"salt","value"}</c>, nothing else) and recomputes its commitment.</summary>
    public static SaltedDigest Open(JsonElement opening)
    {
        if (opening.ValueKind != JsonValueKind.Object || opening.GetPropertyCount() != 2
            || !opening.TryGetProperty("salt", out var salt) || salt.ValueKind != JsonValueKind.String
            || !opening.TryGetProperty("value", out var value))
        {
            throw new RecordException("an opening is an object with exactly the members \"salt\" (string) and \"value\"");
        }

        return Commit(value, RecordFields.ParseSalt(salt.GetString()!));
    }

    private static byte[] Canonicalize(Func<byte[]> canonicalize)
    {
        try
        {
            return canonicalize();
        }
        catch (JcsException e)
        {
            throw new RecordException($"value has no canonical form: {e.Message}", e);
        }
    }
}
