using System.Text.Json;
using EcoValue.Api.Features.Verification;
using EcoValue.Testing;

namespace EcoValue.Api.Tests.Verification;

/// <summary>
/// Runs the consumer page's verify.js under node through tests/js/consumer-verify.mjs: the bytes the service embeds
/// and serves (<see cref="ConsumerAssets.Script"/>), written once to a temp file, never a copy from the source tree.
/// </summary>
internal static class VerifyScript
{
    private static readonly Lazy<string> ScriptFile = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("ecovalue-verify-js-").FullName;
        var path = Path.Combine(dir, "verify.js");
        File.WriteAllBytes(path, ConsumerAssets.Script.ToArray());
        return path;
    });

    /// <summary>One answer per request, in order (see consumer-verify.mjs for the requests).</summary>
    public static async Task<JsonElement[]> RunAsync(IReadOnlyList<object> requests)
    {
        var runner = Path.Combine(RepoPaths.Root, "tests", "js", "consumer-verify.mjs");
        var lines = requests.Select(r => JsonSerializer.Serialize(r, ConsumerPage.Json)).ToList();
        var answers = await NodeScript.RunLinesAsync(runner, lines, [ScriptFile.Value]);
        return [.. answers.Select(a => JsonDocument.Parse(a).RootElement.Clone())];
    }

    public static async Task<JsonElement> RunAsync(object request) => (await RunAsync([request]))[0];

    /// <summary>runChecks on a view as the page embeds it; the scanned path defaults to the view's link's path.</summary>
    public static Task<JsonElement> CheckAsync(VerificationView view, bool chain = false, string? path = null) =>
        RunAsync(new { op = "check", view, chain, path = path ?? new Uri(view.Link).AbsolutePath });

    /// <summary>The checks as (key, ok) with ok true, false or null (not run).</summary>
    public static List<(string Key, bool? Ok, string Why)> Checks(JsonElement report) =>
        [.. report.GetProperty("checks").EnumerateArray().Select(c => (
            c.GetProperty("key").GetString()!,
            c.GetProperty("ok").ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => (bool?)null },
            c.GetProperty("why").GetProperty("en").GetString()!))];

    public static string Outcome(JsonElement report) => report.GetProperty("outcome").GetString()!;
}
