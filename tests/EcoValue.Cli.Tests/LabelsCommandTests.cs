using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using EcoValue.Api.Tests;
using EcoValue.Api.Tests.Registry;
using EcoValue.Api.Tests.Verification;
using EcoValue.Data.Accounts;
using Microsoft.Data.Sqlite;

namespace EcoValue.Cli.Tests;

/// <summary>A data folder with one batch (lot with '/') and 30 item codes issued through the real service, whose links the labels must carry.</summary>
public sealed class SeededLabelData : IAsyncLifetime
{
    public string Data { get; } = Directory.CreateTempSubdirectory("ecovalue-cli-labels-").FullName;

    public string BatchId { get; private set; } = null!;

    public string Gtin { get; private set; } = null!;

    public string Lot { get; } = "CL/" + Random.Shared.Next(10_000, 99_999).ToString(CultureInfo.InvariantCulture);

    public string BaseUrl { get; private set; } = null!;

    public List<string> Links { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await using var host = await ApiHost.StartAsync(new Uri("http://127.0.0.1:9"), dataDirectory: Data, settings: new Dictionary<string, string?>
        {
            ["EcoValue:Auth:Pbkdf2Iterations"] = ApiHost.TestPbkdf2Iterations,
        });
        using var admin = await host.ClientForAsync(Roles.Admin);
        using var response = await admin.PostAsJsonAsync("/api/v1/producers", new { name = "白沙绿茶专业合作社", creditCode = RegistryHost.NewCreditCode(), regionCode = "469025" });
        var producerId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        using var farmer = await host.ClientForAsync(Roles.Farmer, producerId);
        (_, BatchId, _, _) = await RegistryHost.SeedAsync(farmer, producerId, Lot);
        var (status, issued) = await RegistryHost.PostAsync(farmer, $"/api/v1/batches/{BatchId}/items", new { count = 30, itemQuantity = 0.25 });
        Assert.True(status == 201, issued.ToString());
        Gtin = issued.GetProperty("batch").GetProperty("gtin").GetString()!;
        Links = [.. issued.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("link").GetString()!)];
        BaseUrl = host.Client.BaseAddress!.ToString().TrimEnd('/');
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Data, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary><c>ecovalue labels</c> as a real process on a data folder the service wrote: every format decodes to exactly the issued links.</summary>
public sealed class LabelsCommandTests(SeededLabelData seed) : IClassFixture<SeededLabelData>, IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("ecovalue-cli-labels-out-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private async Task<(int Exit, string Stdout, string Stderr)> LabelsAsync(IDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[CliProcess.Dll, "labels", .. args, "--data", seed.Data])
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Remove("ECOVALUE_PUBLIC_BASE_URL");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(Ct);
        var stderr = p.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    [Theory]
    [InlineData("pdf")]
    [InlineData("png")]
    [InlineData("svg")]
    public async Task Every_qr_of_the_file_decodes_to_exactly_the_issued_links(string format)
    {
        var file = Path.Combine(_out, "labels." + format);
        var (exit, stdout, stderr) = await LabelsAsync(null, "--batch", seed.BatchId, "--format", format, "--out", file, "--base-url", seed.BaseUrl);
        Assert.True(exit == 0, stderr);
        Assert.Contains("wrote 30 label(s) (item codes of batch", stdout, StringComparison.Ordinal);
        // Not a terminal here, so plain progress lines; the last one is the whole run.
        Assert.Contains("30/30 codes 100%", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', stderr);

        var decoded = await LabelDecoding.DecodeAsync(format, await File.ReadAllBytesAsync(file, Ct), Ct);
        Assert.Equal(seed.Links.Count, decoded.Count);
        Assert.Equal(seed.Links.Order(StringComparer.Ordinal), decoded.Order(StringComparer.Ordinal));
        Assert.Equal(["labels." + format], Directory.GetFiles(_out).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Csv_rows_are_the_issued_links_and_the_base_url_comes_from_the_environment()
    {
        var file = Path.Combine(_out, "labels.csv");
        var (exit, _, stderr) = await LabelsAsync(new Dictionary<string, string> { ["ECOVALUE_PUBLIC_BASE_URL"] = seed.BaseUrl + "/" }, "--batch", seed.BatchId, "--format", "csv", "--out", file);
        Assert.True(exit == 0, stderr);
        var rows = LabelDecoding.CsvRows(await File.ReadAllBytesAsync(file, Ct));
        Assert.Equal(seed.Links, rows.Select(r => r[0]));
        await LabelDecoding.AssertValidForToolkitAsync([.. rows.Select(r => r[0])], seed.Gtin, seed.Lot);

        // Without --base-url or the variable: the dev profile's address, said in --help.
        var (_, _, _) = await LabelsAsync(null, "--batch", seed.BatchId, "--format", "csv", "--out", file);
        Assert.All(LabelDecoding.CsvRows(await File.ReadAllBytesAsync(file, Ct)), r => Assert.StartsWith("http://127.0.0.1:5080/01/", r[0], StringComparison.Ordinal));
        var (_, help, _) = await LabelsAsync(null, "--help");
        Assert.Contains("ECOVALUE_PUBLIC_BASE_URL", help, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:5080", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_scope_writes_one_label_for_the_batch_link()
    {
        var file = Path.Combine(_out, "batch.pdf");
        var (exit, stdout, stderr) = await LabelsAsync(null, "--batch", seed.BatchId, "--format", "pdf", "--scope", "batch", "--out", file, "--base-url", seed.BaseUrl);
        Assert.True(exit == 0, stderr);
        Assert.Contains("wrote 1 label(s) (the batch code", stdout, StringComparison.Ordinal);
        var batchLink = seed.Links[0][..seed.Links[0].LastIndexOf("/21/", StringComparison.Ordinal)];
        Assert.Equal([batchLink], await LabelDecoding.DecodeAsync("pdf", await File.ReadAllBytesAsync(file, Ct), Ct));
    }

    [Fact]
    public async Task An_unknown_batch_exits_non_zero_with_a_clear_message_and_leaves_no_file()
    {
        var file = Path.Combine(_out, "labels.pdf");
        var (exit, _, stderr) = await LabelsAsync(null, "--batch", "0199a1b2-0000-7000-8000-00000000dead", "--format", "pdf", "--out", file);
        Assert.Equal(1, exit);
        Assert.Contains("no batch with id 0199a1b2-0000-7000-8000-00000000dead", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_out));
    }

    [Fact]
    public async Task A_bad_format_is_refused_before_anything_is_written()
    {
        var (exit, _, stderr) = await LabelsAsync(null, "--batch", seed.BatchId, "--format", "gif", "--out", Path.Combine(_out, "x.gif"));
        Assert.NotEqual(0, exit);
        Assert.Contains("gif", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_out));
    }
}
