using EcoValue.Api.Features.Certification;
using EcoValue.Certification;
using EcoValue.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Tests.Certification;

/// <summary>What the host needs for certification at start, and what it refuses: production names its standards folder and master key; a bad standard stops the start.</summary>
public sealed class CertificationConfigurationTests
{
    private static readonly Uri NoChain = new("http://127.0.0.1:9");

    private static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private static Dictionary<string, string?> Production(params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["EcoValue:Auth:SigningKey"] = SigningKey, ["EcoValue:Anchoring:Enabled"] = "false" };
        foreach (var (k, v) in settings)
        {
            all[k] = v;
        }

        return all;
    }

    [Fact]
    public async Task Production_withoutARulesPath_refusesToStart()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => ApiHost.StartAsync(NoChain, environment: "Production",
            settings: Production(("EcoValue:Licences:MasterKey", Convert.ToBase64String(new byte[32])))));
        Assert.Contains("EcoValue:Certification:RulesPath is required", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_withoutAMasterKey_refusesToStart_andBothFormsAtOnceAreRefusedEverywhere()
    {
        var rules = ("EcoValue:Certification:RulesPath", Path.Combine(RepoPaths.Root, "certification-rules"));
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => ApiHost.StartAsync(NoChain, environment: "Production", settings: Production(rules)));
        Assert.Contains("EcoValue:Licences:MasterKey", e.Message, StringComparison.Ordinal);

        var both = await Assert.ThrowsAsync<OptionsValidationException>(() => ApiHost.StartAsync(NoChain, settings: new Dictionary<string, string?>
        {
            ["EcoValue:Licences:MasterKey"] = Convert.ToBase64String(new byte[32]),
            ["EcoValue:Licences:MasterKeyFile"] = "/nonexistent/master.key",
        }));
        Assert.Contains("not both", both.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_withItsStandardsAndMasterKey_starts_andWritesNoKeyFile()
    {
        await using var host = await ApiHost.StartAsync(NoChain, environment: "Production", settings: ApiHost.WithCertification(Production()));
        Assert.Equal(3, host.Services.GetRequiredService<CertificationResources>().Catalog.All.Count);
        Assert.False(File.Exists(Path.Combine(host.DataDirectory, "keys", "master.key")), "production never writes a master key");
        Assert.Equal(200, (int)(await host.Client.GetAsync("/api/v1/brands", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Testing_findsTheRepositorysStandards_andMakesAnOwnerOnlyMasterKey()
    {
        await using var host = await ApiHost.StartAsync(NoChain);
        var resources = host.Services.GetRequiredService<CertificationResources>();
        Assert.Equal(Path.Combine(RepoPaths.Root, "certification-rules"), resources.RulesFolder);
        Assert.Equal(["baisha-liangshi-tea", "hainan-green-low-carbon", "rainforest-eco-product"], resources.Catalog.All.Select(s => s.Id));
        var key = Path.Combine(host.DataDirectory, "keys", "master.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
    }

    [Fact]
    public async Task ABadStandardFile_stopsTheStart_withItsLocatedError()
    {
        var folder = Directory.CreateTempSubdirectory("ecovalue-rules-").FullName;
        try
        {
            var text = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "certification-rules", "baisha-liangshi-tea.yaml"), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder, "baisha-liangshi-tea.yaml"), text.Replace("max_mg_per_kg: 5.0", "max_mg_per_kg: -5.0", StringComparison.Ordinal), TestContext.Current.CancellationToken);
            var e = await Assert.ThrowsAsync<StandardFileException>(() => ApiHost.StartAsync(NoChain, settings: new Dictionary<string, string?> { ["EcoValue:Certification:RulesPath"] = folder }));
            var error = Assert.Single(e.Errors);
            Assert.Equal("criteria[1].max_mg_per_kg", error.Field);
            Assert.EndsWith("baisha-liangshi-tea.yaml", error.File, StringComparison.Ordinal);
            Assert.Contains($"baisha-liangshi-tea.yaml:{error.Line}:{error.Column}: criteria[1].max_mg_per_kg", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
