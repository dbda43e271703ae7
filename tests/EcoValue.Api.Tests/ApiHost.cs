using EcoValue.Api.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EcoValue.Api.Tests;

/// <summary>
/// The real service (same composition as Program.cs) on a free loopback port with its own temp data folder,
/// talking to the given chain URL. Tests call it over real HTTP, as users do.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private bool _ownsData = true;

    private ApiHost(WebApplication app, string dataDirectory, Uri baseAddress)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public string DataDirectory { get; }

    /// <summary>The running app's services (e.g. UserAccounts, to create users; see AuthTestSupport).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// <paramref name="settings"/> plus what production needs for certification (docs/certification-workflow.md):
    /// the repository's standards folder and a fresh master key. Development and Testing find or make both.
    /// </summary>
    public static Dictionary<string, string?> WithCertification(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["EcoValue:Certification:RulesPath"] = Path.Combine(EcoValue.Testing.RepoPaths.Root, "certification-rules"),
            ["EcoValue:Licences:MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }

        return all;
    }

    /// <summary>PBKDF2 cost for test hosts (Testing only: the host refuses it elsewhere) unless settings name another.</summary>
    public const string TestPbkdf2Iterations = "1000";

    /// <param name="prepare">Runs on the data folder before the app starts (keys, deployments, records).</param>
    /// <param name="timeProvider">Replaces the host's clock (lockout, token lifetimes), so tests move time instead of sleeping.</param>
    public static async Task<ApiHost> StartAsync(Uri chainRpcUrl, long expectedChainId = 31337, IDictionary<string, string?>? settings = null, Func<string, Task>? prepare = null, string environment = "Testing", string? dataDirectory = null, TimeProvider? timeProvider = null)
    {
        var data = dataDirectory ?? Directory.CreateTempSubdirectory("ecovalue-api-test-").FullName;
        try
        {
            return await StartInAsync(data, dataDirectory is null, chainRpcUrl, expectedChainId, settings, prepare, environment, timeProvider);
        }
        catch when (dataDirectory is null)
        {
            await EcoValue.Testing.TestDatabases.DropAsync(data);
            // A host that refuses to start (the configuration tests want exactly that) is never disposed: its
            // temporary folder goes here, or every run would leave one behind.
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }

            throw;
        }
    }

    private static async Task<ApiHost> StartInAsync(string data, bool ownsData, Uri chainRpcUrl, long expectedChainId, IDictionary<string, string?>? settings, Func<string, Task>? prepare, string environment, TimeProvider? timeProvider)
    {
        if (prepare is not null)
        {
            await prepare(data);
        }

        var app = EcoValueApp.Build(["--urls", "http://127.0.0.1:0", "--environment", environment], builder =>
        {
            builder.Configuration["EcoValue:DataDirectory"] = data;
            builder.Configuration["EcoValue:Chain:RpcUrl"] = chainRpcUrl.ToString();
            builder.Configuration["EcoValue:Chain:ExpectedChainId"] = expectedChainId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (environment == "Testing")
            {
                builder.Configuration["EcoValue:Auth:Pbkdf2Iterations"] = TestPbkdf2Iterations;
            }

            // The backend under test (TestDatabases): on PostgreSQL, the data folder's own database.
            foreach (var (k, v) in EcoValue.Testing.TestDatabases.HostSettings(data))
            {
                builder.Configuration[k] = v;
            }

            foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
            {
                builder.Configuration[k] = v;
            }

            if (timeProvider is not null)
            {
                builder.Services.AddSingleton(timeProvider);
            }
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new ApiHost(app, data, new Uri(address)) { _ownsData = ownsData };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (!_ownsData)
        {
            return;
        }

        await EcoValue.Testing.TestDatabases.DropAsync(DataDirectory);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite handle still closing; the temp folder is cleaned by the OS later.
        }
    }
}
