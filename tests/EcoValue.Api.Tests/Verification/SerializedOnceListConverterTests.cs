using System.Text.Json;
using EcoValue.Api.Features.Verification;

namespace EcoValue.Api.Tests.Verification;

/// <summary>
/// The answer's record proofs are written from bytes serialized once (<see cref="SerializedOnceListConverter"/>): the
/// bytes must be exactly what the default serialization writes, for every options instance a caller brings.
/// </summary>
public sealed class SerializedOnceListConverterTests
{
    private static readonly RecordProofView[] Proofs =
    [
        new("batch", "r1", "anchored", """{"v":1,"kind":"batch","data":{"product":"白沙绿茶 \"特级\" <tea> & \u2028"}}""", "0x" + new string('a', 64),
            "0x" + new string('b', 64), ["0x" + new string('c', 64)], "0x" + new string('d', 64), 3, "0x" + new string('e', 64), 12, null),
        new("producer", "r2", "pending", "{}", "0x" + new string('1', 64), null, [], null, null, null, null, "not yet anchored"),
    ];

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly JsonSerializerOptions Pascal = new();

    private sealed record Holder([property: System.Text.Json.Serialization.JsonConverter(typeof(SerializedOnceListConverter))] IReadOnlyList<RecordProofView> Proofs);

    private sealed record Plain(IReadOnlyList<RecordProofView> Proofs);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Writes_exactlyTheDefaultSerialization_firstAndEveryLaterTime(bool indented)
    {
        foreach (var options in new[] { new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = indented }, new JsonSerializerOptions { WriteIndented = indented } })
        {
            var expected = JsonSerializer.Serialize(new Plain(Proofs), options);
            Assert.Equal(expected, JsonSerializer.Serialize(new Holder(Proofs), options));
            Assert.Equal(expected, JsonSerializer.Serialize(new Holder(Proofs), options));
        }

        // The same proofs under other options (PascalCase after camelCase) are written afresh, not from the other bytes.
        var web = JsonSerializer.Serialize(new Holder(Proofs), Web);
        var pascal = JsonSerializer.Serialize(new Holder(Proofs), Pascal);
        Assert.Contains("\"recordId\"", web, StringComparison.Ordinal);
        Assert.Contains("\"RecordId\"", pascal, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsBack_whatItWrote()
    {
        var back = JsonSerializer.Deserialize<Holder>(JsonSerializer.Serialize(new Holder(Proofs), Web), Web)!;
        Assert.Equal(Proofs.Select(p => (p.RecordId, p.Envelope, p.Status)), back.Proofs.Select(p => (p.RecordId, p.Envelope, p.Status)));
    }
}
