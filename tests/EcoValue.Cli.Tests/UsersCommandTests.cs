using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EcoValue.Api.Tests;
using EcoValue.Testing;
using Microsoft.Data.Sqlite;

namespace EcoValue.Cli.Tests;

/// <summary><c>ecovalue users …</c> as a real process on a data folder, checked by signing in through the real service on it.</summary>
public sealed class UsersCommandTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("ecovalue-cli-users-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    private Task<string> UsersAsync(string? stdin, params string[] args) =>
        ToolProcess.RunAsync("dotnet", [CliProcess.Dll, "users", .. args, "--data", _data], stdin, TimeSpan.FromMinutes(2), Ct);

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string username, string password) =>
        client.PostAsJsonAsync("/api/v1/auth/token", new { username, password }, Ct);

    [Fact]
    public async Task AddDisableEnableResetPassword_thenSignInThroughTheService()
    {
        Assert.Contains("created admin ops.admin", await UsersAsync("first admin password\n", "add", "--username", "ops.admin", "--role", "admin", "--password-stdin"), StringComparison.Ordinal);
        Assert.Contains("created farmer 黎农户", await UsersAsync("椰林里的一号茶园地块\n", "add", "--username", "黎农户", "--role", "farmer", "--producer", "0199a1b2-0000-7000-8000-000000000001", "--password-stdin"), StringComparison.Ordinal);

        await using var host = await ApiHost.StartAsync(new Uri("http://127.0.0.1:9"), dataDirectory: _data, settings: new Dictionary<string, string?>
        {
            ["EcoValue:Auth:UserCheckCacheTime"] = "00:00:00",
        });
        string access;
        using (var ok = await SignInAsync(host.Client, "OPS.ADMIN", "first admin password"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            access = JsonDocument.Parse(await ok.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("accessToken").GetString()!;
        }

        using var admin = new HttpClient { BaseAddress = host.Client.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", access);
        using (var users = await admin.GetAsync(new Uri("/api/v1/users", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, users.StatusCode);
            var body = JsonDocument.Parse(await users.Content.ReadAsStringAsync(Ct)).RootElement;
            Assert.Equal(2, body.GetProperty("total").GetInt32());
        }

        // Disabled from the CLI while the service runs: sign-in refused and the live token stops at once (cache off).
        Assert.Contains("disabled ops.admin", await UsersAsync(null, "disable", "--username", "ops.admin"), StringComparison.Ordinal);
        using (var refused = await SignInAsync(host.Client, "ops.admin", "first admin password"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var dead = await admin.GetAsync(new Uri("/api/v1/users", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, dead.StatusCode);
        }

        Assert.Contains("enabled ops.admin", await UsersAsync(null, "enable", "--username", "ops.admin"), StringComparison.Ordinal);
        using (var back = await SignInAsync(host.Client, "ops.admin", "first admin password"))
        {
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        }

        Assert.Contains("password reset for 黎农户", await UsersAsync("新的密码也要足够长一些\n", "reset-password", "--username", "黎农户", "--password-stdin"), StringComparison.Ordinal);
        using (var old = await SignInAsync(host.Client, "黎农户", "椰林里的一号茶园地块"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        }

        using (var fresh = await SignInAsync(host.Client, "黎农户", "新的密码也要足够长一些"))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        var list = await UsersAsync(null, "list");
        Assert.Contains("2 account(s)", list, StringComparison.Ordinal);
        Assert.Matches(@"黎农户\s+farmer\s+0199a1b2-0000-7000-8000-000000000001\s+active", list);
    }

    [Fact]
    public async Task Add_badInput_exits2WithFieldMessages_andWritesNothing()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => UsersAsync("long enough password\n", "add", "--username", "farmer.x", "--role", "farmer", "--password-stdin"));
        Assert.Contains("exited 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("producerId: A farmer account needs the producer", e.Message, StringComparison.Ordinal);

        e = await Assert.ThrowsAsync<InvalidOperationException>(() => UsersAsync("short\n", "add", "--username", "buyer.x", "--role", "buyer", "--password-stdin"));
        Assert.Contains("password: A password has at least 10 characters", e.Message, StringComparison.Ordinal);

        await UsersAsync("long enough password\n", "add", "--username", "buyer.x", "--role", "buyer", "--password-stdin");
        e = await Assert.ThrowsAsync<InvalidOperationException>(() => UsersAsync("long enough password\n", "add", "--username", "BUYER.X", "--role", "buyer", "--password-stdin"));
        Assert.Contains("username: This username is already taken", e.Message, StringComparison.Ordinal);
        Assert.Contains("1 account(s)", await UsersAsync(null, "list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasswordIsNeverAnArgument_andWithoutATerminalTheCommandSaysUsePasswordStdin()
    {
        var help = await UsersAsync(null, "add", "--help");
        Assert.Contains("--password-stdin", help, StringComparison.Ordinal);
        Assert.Contains("never accepted as arguments", help, StringComparison.Ordinal);
        Assert.DoesNotContain("--password ", help, StringComparison.Ordinal);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => UsersAsync("typed into a pipe\n", "add", "--username", "buyer.y", "--role", "buyer"));
        Assert.Contains("--password-stdin", e.Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => UsersAsync(null, "disable", "--username", "nobody"));
        Assert.Contains("exited 1", unknown.Message, StringComparison.Ordinal);
    }
}
