using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoValue.Domain.Canonical;
using EcoValue.Domain.Records;
using EcoValue.Ethereum;
using EcoValue.Testing;

namespace EcoValue.Domain.Tests.Records;

public class RecordEnvelopeTests
{
    private static readonly byte[] FixedSalt = Convert.FromHexString("00112233445566778899aabbccddeeff");
    private static readonly DateTimeOffset FixedAt = new(2025, 3, 1, 16, 30, 0, 123, TimeSpan.FromHours(8));

    private static RecordEnvelope Fixed() => RecordEnvelope.Create(
        "batch",
        "0195508c-3f2b-7c3e-9a4d-1b2c3d4e5f60",
        "batch:46-0001",
        "user:farmer-1",
        FixedAt,
        FixedSalt,
        JsonDocument.Parse("""{"lot":"L-2025-03","qty":{"value":120.50,"unit":"kg"},"name":"白沙绿茶 \ud83c\udf75"}""").RootElement);

    // Written by hand from DESIGN.md's envelope and RFC 8785: members in code-unit order, at in UTC, numbers as ES.
    private const string FixedCanonical =
        """{"actor":"user:farmer-1","at":"2025-03-01T08:30:00.123Z","data":{"lot":"L-2025-03","name":"白沙绿茶 🍵","qty":{"unit":"kg","value":120.5}},"id":"0195508c-3f2b-7c3e-9a4d-1b2c3d4e5f60","kind":"batch","salt":"0x00112233445566778899aabbccddeeff","subject":"batch:46-0001","v":1}""";

    [Fact]
    public void ToCanonicalJson_fixed_record_matches_hand_written_jcs()
    {
        Assert.Equal(FixedCanonical, Encoding.UTF8.GetString(Fixed().ToCanonicalJson()));
    }

    [Fact]
    public async Task ComputeHash_is_keccak_of_canonical_json_as_cast_computes_it()
    {
        var cast = Cast.Require();

        var expected = await cast.RunAsync("keccak", FixedCanonical);

        Assert.Equal(expected, Hex.Encode(Fixed().ComputeHash()));
    }

    [Fact]
    public void ToCanonicalJson_equals_generic_jcs_of_the_envelope_object()
    {
        var record = RecordEnvelope.Create("lab-result", "batch:x", "0x8ba1f109551bD432803012645Ac136ddd64DBA72", DateTimeOffset.UtcNow,
            new JsonObject { ["analyte"] = "Pb", ["mgPerKg"] = 0.012, ["\uE000"] = 1, ["\U0001F600"] = 2, ["line\u2028sep"] = "\u0007" });
        var generic = new JsonObject
        {
            ["v"] = 1,
            ["kind"] = record.Kind,
            ["id"] = record.Id,
            ["subject"] = record.Subject,
            ["actor"] = record.Actor,
            ["at"] = record.AtText,
            ["salt"] = record.SaltHex,
            ["data"] = JsonNode.Parse(record.Data.GetRawText()),
        };

        Assert.Equal(Jcs.Canonicalize(generic), record.ToCanonicalJson());
    }

    [Fact]
    public void Create_issues_uuid7_fresh_salt_and_millisecond_utc_time()
    {
        var at = new DateTimeOffset(2025, 3, 1, 8, 30, 0, TimeSpan.FromHours(8)).AddTicks(12_345_678);
        var data = new JsonObject { ["x"] = 1 };

        var first = RecordEnvelope.Create("event", "batch:1", "user:1", at, data);
        var second = RecordEnvelope.Create("event", "batch:1", "user:1", at, data);

        Assert.Equal(7, Guid.Parse(first.Id).Version);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", first.Id);
        Assert.Equal("2025-03-01T00:30:01.234Z", first.AtText);
        Assert.Equal(TimeSpan.Zero, first.At.Offset);
        Assert.Equal(16, first.Salt.Length);
        Assert.Matches("^0x[0-9a-f]{32}$", first.SaltHex);
        Assert.NotEqual(first.SaltHex, second.SaltHex);
        Assert.NotEqual(first.Id, second.Id);
        Assert.NotEqual(first.ComputeHash(), second.ComputeHash());
    }

    [Fact]
    public void Parse_round_trips_canonical_and_free_form_spellings_to_the_same_hash()
    {
        var record = Fixed();
        const string freeForm = """
            {
              "data" : { "qty": { "unit": "kg", "value": 1.205e2 }, "name": "\u767d\u6c99\u7eff\u8336 \ud83c\udf75", "lot": "L-2025-03" },
              "salt": "0x00112233445566778899aabbccddeeff", "v": 1, "kind": "batch",
              "id": "0195508c-3f2b-7c3e-9a4d-1b2c3d4e5f60", "subject": "batch:46-0001", "actor": "user:farmer-1",
              "at": "2025-03-01T08:30:00.123Z"
            }
            """;

        var fromCanonical = RecordEnvelope.Parse(record.ToCanonicalJson());
        var fromFreeForm = RecordEnvelope.Parse(freeForm);

        Assert.Equal(record.ComputeHash(), fromCanonical.ComputeHash());
        Assert.Equal(record.ComputeHash(), fromFreeForm.ComputeHash());
        Assert.Equal(Keccak.Hash(Jcs.Canonicalize(freeForm)), fromFreeForm.ComputeHash());
        Assert.Equal(record.At, fromFreeForm.At);
        Assert.Equal("batch:46-0001", fromFreeForm.Subject);
        Assert.Equal(120.5, fromFreeForm.Data.GetProperty("qty").GetProperty("value").GetDouble());
    }

    [Theory]
    [InlineData("unknown member", """ "extra": 1 """)]
    [InlineData("duplicate member", """ "kind": "batch" """)]
    [InlineData("v 2", """ "v": 2 """, "v")]
    [InlineData("v 1.0", """ "v": 1.0 """, "v")]
    [InlineData("v string", """ "v": "1" """, "v")]
    [InlineData("kind upper case", """ "kind": "Batch" """, "kind")]
    [InlineData("kind trailing hyphen", """ "kind": "lab-" """, "kind")]
    [InlineData("kind double hyphen", """ "kind": "lab--result" """, "kind")]
    [InlineData("kind too long", """ "kind": "abcdefghijklmnopqrstuvwxyzabcdefg" """, "kind")]
    [InlineData("kind number", """ "kind": 5 """, "kind")]
    [InlineData("id upper case", """ "id": "0195508C-3F2B-7C3E-9A4D-1B2C3D4E5F60" """, "id")]
    [InlineData("id braces", """ "id": "{0195508c-3f2b-7c3e-9a4d-1b2c3d4e5f60}" """, "id")]
    [InlineData("id no hyphens", """ "id": "0195508c3f2b7c3e9a4d1b2c3d4e5f60" """, "id")]
    [InlineData("id nil", """ "id": "00000000-0000-0000-0000-000000000000" """, "id")]
    [InlineData("at without milliseconds", """ "at": "2025-03-01T08:30:00Z" """, "at")]
    [InlineData("at microseconds", """ "at": "2025-03-01T08:30:00.123456Z" """, "at")]
    [InlineData("at offset", """ "at": "2025-03-01T16:30:00.123+08:00" """, "at")]
    [InlineData("at lower-case z", """ "at": "2025-03-01T08:30:00.123z" """, "at")]
    [InlineData("at invalid date", """ "at": "2025-02-30T08:30:00.123Z" """, "at")]
    [InlineData("at space", """ "at": "2025-03-01 08:30:00.123Z" """, "at")]
    [InlineData("salt upper case", """ "salt": "0x00112233445566778899AABBCCDDEEFF" """, "salt")]
    [InlineData("salt 15 bytes", """ "salt": "0x00112233445566778899aabbccddee" """, "salt")]
    [InlineData("salt 17 bytes", """ "salt": "0x00112233445566778899aabbccddeeff00" """, "salt")]
    [InlineData("salt without 0x", """ "salt": "00112233445566778899aabbccddeeff" """, "salt")]
    [InlineData("data array", """ "data": [1] """, "data")]
    [InlineData("data null", """ "data": null """, "data")]
    [InlineData("data lone surrogate", """ "data": {"a":"\ud800"} """, "data")]
    [InlineData("data duplicate", """ "data": {"a":1,"a":2} """, "data")]
    [InlineData("data huge number", """ "data": {"a":1e999} """, "data")]
    [InlineData("subject empty", """ "subject": "" """, "subject")]
    [InlineData("subject control", """ "subject": "batch:\u0000" """, "subject")]
    [InlineData("subject leading space", """ "subject": " batch:1" """, "subject")]
    [InlineData("subject lone surrogate", """ "subject": "batch:\udc00" """, "subject")]
    [InlineData("actor number", """ "actor": 7 """, "actor")]
    public void Parse_rejects_malformed_envelope(string name, string member, string? replaces = null)
    {
        var text = Encoding.UTF8.GetString(Fixed().ToCanonicalJson());
        var node = JsonNode.Parse(text)!.AsObject();
        if (replaces is not null)
        {
            node.Remove(replaces);
        }

        // Splice the member in as raw text, so spellings JsonNode would normalise (1.0, escapes, duplicates) survive.
        var json = node.ToJsonString();
        json = json[..^1] + "," + member + "}";

        var e = Assert.Throws<RecordException>(() => RecordEnvelope.Parse(json));
        Assert.False(string.IsNullOrWhiteSpace(e.Message), name);
    }

    [Theory]
    [InlineData("missing", "{\"v\":1}")]
    [InlineData("array", "[]")]
    [InlineData("not json", "{\"v\":1,")]
    [InlineData("empty", "")]
    public void Parse_rejects_non_envelopes(string name, string json)
    {
        Assert.Throws<RecordException>(() => RecordEnvelope.Parse(json));
        Assert.NotNull(name);
    }

    [Fact]
    public void Create_and_parse_bound_data_to_64_KiB_canonical()
    {
        var padding = RecordEnvelope.MaxDataBytes - "{\"p\":\"\"}".Length;
        var fits = new JsonObject { ["p"] = new string('x', padding) };
        var tooBig = new JsonObject { ["p"] = new string('x', padding + 1) };

        var record = RecordEnvelope.Create("event", "batch:1", "user:1", FixedAt, fits);

        Assert.Equal(RecordEnvelope.MaxDataBytes, record.CanonicalData.Length);
        Assert.Throws<RecordException>(() => RecordEnvelope.Create("event", "batch:1", "user:1", FixedAt, tooBig));
        var oversized = Encoding.UTF8.GetString(record.ToCanonicalJson()).Replace("\"p\":\"x", "\"p\":\"xx", StringComparison.Ordinal);
        Assert.Throws<RecordException>(() => RecordEnvelope.Parse(oversized));
    }

    [Fact]
    public void Create_keeps_any_unicode_in_data_exactly()
    {
        const string text = "生态 \U0001F331 \u2028 \u0000 \"q\" \\ \uFFFF é";
        var record = RecordEnvelope.Create("event", "plot:海南-1", "user:林", FixedAt, new JsonObject { ["note"] = text });

        var parsed = RecordEnvelope.Parse(record.ToCanonicalJson());

        Assert.Equal(text, parsed.Data.GetProperty("note").GetString());
        Assert.Equal("plot:海南-1", parsed.Subject);
        Assert.Equal(record.ComputeHash(), parsed.ComputeHash());
    }

    [Fact]
    public void Create_rejects_invalid_fields()
    {
        var data = new JsonObject();
        Assert.Throws<RecordException>(() => RecordEnvelope.Create("Batch", "batch:1", "user:1", FixedAt, data));
        Assert.Throws<RecordException>(() => RecordEnvelope.Create("batch", "", "user:1", FixedAt, data));
        Assert.Throws<RecordException>(() => RecordEnvelope.Create("batch", "batch:1", "user:1 ", FixedAt, data));
        Assert.Throws<RecordException>(() => RecordEnvelope.Create("batch", "batch:1", new string('u', 257), FixedAt, data));
        Assert.Throws<RecordException>(() => RecordEnvelope.Create("batch", "0195508c-3f2b-7c3e-9a4d-1b2c3d4e5f60", "batch:1", "user:1", FixedAt, new byte[15], JsonDocument.Parse("{}").RootElement));
        Assert.Throws<RecordException>(() => RecordEnvelope.Create("batch", "not-a-uuid", "batch:1", "user:1", FixedAt, FixedSalt, JsonDocument.Parse("{}").RootElement));
        Assert.Throws<RecordException>(() => RecordEnvelope.Create("batch", "batch:1", "user:1", FixedAt, JsonDocument.Parse("[]").RootElement));
        Assert.Throws<RecordException>(() => RecordEnvelope.Create("batch", "batch:1", "user:1", FixedAt, new JsonObject { ["x"] = double.NaN }));
    }
}
