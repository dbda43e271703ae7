using System.Text.Json.Nodes;
using EcoValue.Domain.Canonical;
using EcoValue.Domain.Records;
using EcoValue.Domain.Registry;

namespace EcoValue.Domain.Tests.Canonical;

/// <summary>
/// The capture fast path (details canonicalised once and embedded) must give exactly the bytes of the general path
/// (the whole data object canonicalised): a record's hash is its identity, so one byte apart would be two records.
/// </summary>
public sealed class CanonicalObjectTests
{
    private static readonly string?[] Texts = [null, "", "符小明", "元门乡 1 号茶园", "\"quoted\" \\ back", "\u2028\u0000\u001f", "\U0001F600 emoji", "\uE000 private", "a", "Z"];

    [Fact]
    public void FieldEventRecordData_fromCanonicalDetails_isByteForByteTheGeneralPath()
    {
        var rng = new Random(20261123);
        var random = new RandomJsonText(rng);
        for (var i = 0; i < 300; i++)
        {
            var details = new JsonObject { ["type"] = "ObjectEvent", ["epcis"] = JsonNode.Parse(random.Document()), ["n"] = i };
            string? Pick() => Texts[rng.Next(Texts.Length)];
            var facts = new FieldEventFacts(Pick() ?? "storage", DateTimeOffset.UnixEpoch.AddSeconds(rng.NextInt64(0, 4_000_000_000)), "+08:00", Pick(), Pick(), Pick(), details);
            var supersedes = i % 3 == 0 ? Guid.NewGuid().ToString() : null;

            var general = Jcs.Canonicalize(facts.ToRecordData("event-" + i, "batch", "producer", supersedes));
            var fast = facts.ToRecordData("event-" + i, "batch", "producer", supersedes, CanonicalJson.Of(facts.Details));
            Assert.Equal(general, fast.Utf8.ToArray());
        }
    }

    [Fact]
    public void MembersSortByUtf16CodeUnits_likeJcs_notByUtf8Bytes()
    {
        // U+E000 is one UTF-16 unit above the surrogates of U+1F600, though its UTF-8 bytes sort lower.
        var built = new CanonicalObject().Add("\uE000", "private").Add("\U0001F600", "emoji").Add("a", (string?)null)
            .Add("nested", CanonicalJson.Of(new JsonObject { ["z"] = 1, ["y"] = new JsonArray(2.50, "x") })).Build();
        var general = Jcs.Canonicalize(new JsonObject
        {
            ["\uE000"] = "private", ["\U0001F600"] = "emoji", ["a"] = null, ["nested"] = new JsonObject { ["z"] = 1, ["y"] = new JsonArray(2.50, "x") },
        });
        Assert.Equal(general, built.Utf8.ToArray());
        Assert.StartsWith("{\"a\":null,\"nested\":{\"y\":[2.5,\"x\"],\"z\":1},\"\U0001F600\"", built.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ARecordFromCanonicalData_holdsTheSameDataAsOneFromTheNodeTree()
    {
        var facts = new FieldEventFacts("shipping", DateTimeOffset.Parse("2026-04-01T08:30:00+08:00", System.Globalization.CultureInfo.InvariantCulture), "+08:00", "海口港", "460100", null,
            new JsonObject { ["epcis"] = new JsonObject { ["eventID"] = "urn:uuid:6f1b2c9e-2222-4d2a-9a3e-000000000002", ["quantity"] = 12.5 } });
        var at = DateTimeOffset.UtcNow;
        var fromNodes = RecordEnvelope.Create("field-event", "event:e1", "user:u1", at, facts.ToRecordData("e1", "b1", "p1", null));
        var fromCanonical = RecordEnvelope.Create("field-event", "event:e1", "user:u1", at, facts.ToRecordData("e1", "b1", "p1", null, CanonicalJson.Of(facts.Details)));
        Assert.Equal(fromNodes.CanonicalData.ToArray(), fromCanonical.CanonicalData.ToArray());
        Assert.Throws<ArgumentException>(() => new CanonicalObject().Add("a", "x").Add("a", "y"));
    }
}
