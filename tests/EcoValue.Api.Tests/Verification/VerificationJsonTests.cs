using System.Text;
using System.Text.Json;
using EcoValue.Api.Features.Verification;
using EcoValue.Domain.Verification;

namespace EcoValue.Api.Tests.Verification;

/// <summary>
/// <see cref="VerificationJson"/> writes a view field by field; its bytes must be exactly what
/// <see cref="JsonSerializer"/> writes for the same view with the same options, for every status, with every field
/// filled and with every nullable one null, with text that each encoder escapes differently. A field added to a view
/// and not to the writer fails here (the views are built with every field filled).
/// </summary>
public sealed class VerificationJsonTests
{
    private const string Naughty = "白沙 \"绿茶\" <script>alert('x')</script> & \u2028\u2029 \t\n é 🍵 \\ /";

    public static TheoryData<string> OptionSets => ["http", "page", "web"];

    private static JsonSerializerOptions Options(string name) => name switch
    {
        // What the service answers with: ASP.NET Core's HTTP JSON options as they come.
        "http" => new Microsoft.AspNetCore.Http.Json.JsonOptions().SerializerOptions,
        "page" => ConsumerPage.Json,
        _ => new JsonSerializerOptions(JsonSerializerDefaults.Web),
    };

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Writes_exactlyWhatTheSerializerWrites(string optionSet)
    {
        var options = Options(optionSet);
        Assert.True(VerificationJson.Handles(options));
        var genuine = ConsumerViews.Genuine(publicRpcUrl: "https://rpc.example/").View;
        var views = new List<VerificationView>();
        foreach (var status in Enum.GetValues<VerificationStatus>())
        {
            views.Add(ConsumerViews.WithStatus(genuine, status));
        }

        views.Add(genuine with
        {
            Item = genuine.Item! with { Withdrawn = true, WithdrawnReason = Naughty, FirstScanAt = null, ScanCount = int.MaxValue },
            Recall = new RecallView(Naughty, "2026-05-02T00:00:00Z", "rec-9"),
            Licence = genuine.Licence! with { StatusReason = Naughty, Status = "suspended" },
            Batch = genuine.Batch! with { Product = Naughty, Quantity = 0.1 + 0.2 },
            Producer = genuine.Producer! with { PlotName = null, PlotRegion = null, Region = new RegionView("460000", null, null) },
            Journey = [.. genuine.Journey, new JourneyStepView("epcis:ObjectEvent", "2026-05-01T00:00:00.123Z", null, null, "ev-1")],
            LabResults = [.. genuine.LabResults, new LabResultView(Naughty, "2026-04-23", [], "lab-2")],
            Reasons = [new ReasonView("scans.many", "SUSPICIOUS", Naughty, Naughty)],
        });

        // A code never issued here: no item, batch, producer, licence, proofs or chain.
        views.Add(new VerificationView("https://ev.example/01/06901234567892/10/X/21/" + Naughty, VerificationStatus.Unknown, new("Unknown", "未知"), [],
            new("", ""), "2026-05-03T06:05:00.000Z", null, null, null, [], [], null, null, [], null, null));
        views.Add(genuine with { ItemProof = null, Chain = genuine.Chain! with { Contract = null, PublicRpcUrl = null, ExplorerTxUrl = null } });

        foreach (var view in views)
        {
            Assert.Equal(JsonSerializer.Serialize(view, options), Write(view, options));
        }
    }

    [Fact]
    public void OtherOptions_getTheSerializerItself()
    {
        var view = ConsumerViews.Genuine().View;
        foreach (var options in new[]
        {
            new JsonSerializerOptions(),
            new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true },
            new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull },
        })
        {
            Assert.False(VerificationJson.Handles(options));
            Assert.Equal(JsonSerializer.Serialize(view, options), Write(view, options));
        }

        Assert.Contains("\"Link\"", Write(view, new JsonSerializerOptions()), StringComparison.Ordinal);
    }

    /// <summary>As the resolver and the page write it: this thread's reused writer for the options, twice (the second reuses it).</summary>
    private static string Write(VerificationView view, JsonSerializerOptions options)
    {
        var texts = new string[2];
        for (var i = 0; i < texts.Length; i++)
        {
            using var buffer = new PooledBuffer(256);
            VerificationJson.WriteTo(buffer, view, options);
            texts[i] = Encoding.UTF8.GetString(buffer.WrittenMemory.Span);
        }

        Assert.Equal(texts[0], texts[1]);
        return texts[0];
    }

    [Fact]
    public void ThePageEncoder_escapesWhatTheHttpEncoderLeaves()
    {
        // The two encoders differ on exactly what this test's text holds, so the comparisons above compare something.
        var view = ConsumerViews.Genuine().View with { Batch = ConsumerViews.Genuine().View.Batch! with { Product = Naughty } };
        Assert.NotEqual(Write(view, Options("http")), Write(view, Options("page")));
    }
}
