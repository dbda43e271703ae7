using System.Text.Json;
using System.Text.Json.Nodes;
using EcoValue.Domain.Canonical;
using EcoValue.Ethereum;

namespace EcoValue.Domain.Records;

/// <summary>
/// A record: the signed-off statement of one fact, as the envelope
/// <c>{"v":1,"kind","id","subject","actor","at","salt","data"}</c> (DESIGN.md "Records, hashing and anchoring").
/// Its hash is <c>keccak256(JCS(envelope))</c> (RFC 8785); the 16-byte random salt makes that hash reveal nothing about
/// low-entropy content. Fields not meant for the public go into <c>data</c> only as a <see cref="SaltedDigest"/>.
/// <list type="bullet">
/// <item><c>id</c>: a UUID (RFC 9562), version 7 when created here: time-ordered, so ids index well in SQLite and
/// PostgreSQL (native <c>uuid</c> type) and need no library (<see cref="Guid.CreateVersion7(DateTimeOffset)"/>), with
/// 74 random bits.</item>
/// <item><c>at</c>: RFC 3339 UTC with milliseconds; <c>salt</c>: "0x" + 32 hex; <c>data</c>: a JSON object of at most
/// 64 KiB in canonical form.</item>
/// </list>
/// Immutable.
/// </summary>
public sealed partial class RecordEnvelope
{
    /// <summary>The envelope format version, the value of "v".</summary>
    public const int CurrentVersion = 1;

    /// <summary>Largest accepted <c>data</c>, measured in its canonical (JCS) form.</summary>
    public const int MaxDataBytes = 64 * 1024;

    private readonly byte[] _salt;
    private readonly byte[] _canonicalData;

    private RecordEnvelope(string kind, string id, string subject, string actor, DateTimeOffset at, byte[] salt, byte[] canonicalData)
    {
        Kind = RecordFields.CheckKind(kind);
        Id = RecordFields.CheckId(id);
        Subject = RecordFields.CheckReference(subject, "subject");
        Actor = RecordFields.CheckReference(actor, "actor");
        At = RecordFields.TruncateToMilliseconds(at);
        _salt = RecordFields.CheckSaltLength(salt).ToArray();
        _canonicalData = canonicalData;
    }

    public string Kind { get; }

    public string Id { get; }

    public string Subject { get; }

    public string Actor { get; }

    /// <summary>The instant in UTC, millisecond precision.</summary>
    public DateTimeOffset At { get; }

    /// <summary>The instant as the envelope spells it.</summary>
    public string AtText => RecordFields.FormatTimestamp(At);

    public byte[] Salt => (byte[])_salt.Clone();

    public string SaltHex => RecordFields.FormatSalt(_salt);

    /// <summary>
    /// The data object (a detached copy; safe to keep). Parsed from the canonical bytes on each call: creating and
    /// storing a record never needs it, and ingest creates 10,000 records per EPCIS document.
    /// </summary>
    public JsonElement Data
    {
        get
        {
            using var document = JsonDocument.Parse(_canonicalData);
            return document.RootElement.Clone();
        }
    }

    /// <summary>The data object in canonical form.</summary>
    public ReadOnlySpan<byte> CanonicalData => _canonicalData;

    /// <summary>A new record: a fresh version 7 id and a fresh salt from the CSPRNG. <paramref name="at"/> is kept to the millisecond.</summary>
    public static RecordEnvelope Create(string kind, string subject, string actor, DateTimeOffset at, JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Create(kind, NewId(at), subject, actor, at, RecordFields.NewSalt(), CanonicalizeData(data));
    }

    /// <inheritdoc cref="Create(string, string, string, DateTimeOffset, JsonObject)"/>
    public static RecordEnvelope Create(string kind, string subject, string actor, DateTimeOffset at, CanonicalJson data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Utf8.Length == 0 || data.Utf8[0] != (byte)'{')
        {
            throw new RecordException("data must be a JSON object");
        }

        return Create(kind, NewId(at), subject, actor, at, RecordFields.NewSalt(), CheckDataSize(data.Bytes));
    }

    /// <inheritdoc cref="Create(string, string, string, DateTimeOffset, JsonObject)"/>
    public static RecordEnvelope Create(string kind, string subject, string actor, DateTimeOffset at, JsonElement data) =>
        Create(kind, NewId(at), subject, actor, at, RecordFields.NewSalt(), data);

    /// <summary>A record with a given id and salt (re-creating a known record, fixed test data).</summary>
    public static RecordEnvelope Create(string kind, string id, string subject, string actor, DateTimeOffset at, ReadOnlySpan<byte> salt, JsonElement data) =>
        Create(kind, id, subject, actor, at, salt, CanonicalizeData(data));

    /// <summary>A fresh UUIDv7 string for the instant given; ids made by this process within one millisecond sort in the order they were made (<see cref="MonotonicUuid7"/>).</summary>
    public static string NewId(DateTimeOffset at) => MonotonicUuid7.Next(RecordFields.TruncateToMilliseconds(at)).ToString("D");

    /// <summary>
    /// RFC 8785 bytes of the whole envelope. The member names are fixed ASCII, so their canonical order is fixed too
    /// (actor, at, data, id, kind, salt, subject, v); <c>data</c> is already canonical and is copied in.
    /// </summary>
    public byte[] ToCanonicalJson()
    {
        var writer = new JcsWriter(_canonicalData.Length + 320);
        writer.WriteRaw("{\"actor\":"u8);
        writer.WriteString(Actor);
        writer.WriteRaw(",\"at\":"u8);
        writer.WriteString(AtText);
        writer.WriteRaw(",\"data\":"u8);
        writer.WriteRaw(_canonicalData);
        writer.WriteRaw(",\"id\":"u8);
        writer.WriteString(Id);
        writer.WriteRaw(",\"kind\":"u8);
        writer.WriteString(Kind);
        writer.WriteRaw(",\"salt\":"u8);
        writer.WriteString(SaltHex);
        writer.WriteRaw(",\"subject\":"u8);
        writer.WriteString(Subject);
        writer.WriteRaw(",\"v\":1}"u8);
        return writer.ToArray();
    }

    /// <summary>The record hash: keccak256 of <see cref="ToCanonicalJson"/>, 32 bytes. This is what the Merkle tree anchors.</summary>
    public byte[] ComputeHash() => Keccak.Hash(ToCanonicalJson());

    private static RecordEnvelope Create(string kind, string id, string subject, string actor, DateTimeOffset at, ReadOnlySpan<byte> salt, byte[] canonicalData) =>
        new(kind, id, subject, actor, at, RecordFields.CheckSaltLength(salt).ToArray(), canonicalData);

    private static byte[] CanonicalizeData(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            throw new RecordException($"data must be a JSON object, got {data.ValueKind}");
        }

        return CheckDataSize(Canonicalize(() => Jcs.Canonicalize(data)));
    }

    private static byte[] CanonicalizeData(JsonObject data) => CheckDataSize(Canonicalize(() => Jcs.Canonicalize(data)));

    private static byte[] Canonicalize(Func<byte[]> canonicalize)
    {
        try
        {
            return canonicalize();
        }
        catch (JcsException e)
        {
            throw new RecordException($"data has no canonical form: {e.Message}", e);
        }
    }

    private static byte[] CheckDataSize(byte[] canonical) =>
        canonical.Length <= MaxDataBytes
            ? canonical
            : throw new RecordException($"data is {canonical.Length} bytes in canonical form; the limit is {MaxDataBytes}");
}
