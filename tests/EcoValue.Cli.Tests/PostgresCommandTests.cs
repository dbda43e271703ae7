using System.Text.RegularExpressions;
using EcoValue.Data;
using EcoValue.Data.Accounts;
using EcoValue.Data.Chain;
using EcoValue.Data.Migrations;
using EcoValue.Ethereum;
using EcoValue.Testing;
using Npgsql;

namespace EcoValue.Cli.Tests;

/// <summary>
/// The CLI's commands on PostgreSQL (issue 9): configured by the same variables as the service, or by options, each
/// test on a fresh database of its own (UTF8, C collation, as docs/deploy.md creates one) on scripts/test's server.
/// </summary>
[Trait("Backend", "postgres")] // runs in scripts/test's PostgreSQL pass
public sealed partial class PostgresCommandTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("ecovalue-cli-pg-").FullName;
    private readonly string _name = "cli_" + Guid.NewGuid().ToString("N")[..16];
    private string _connectionString = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Dictionary<string, string> Variables => new()
    {
        ["EcoValue__Database__Provider"] = "postgres",
        ["EcoValue__Database__ConnectionString"] = _connectionString,
    };

    public async ValueTask InitializeAsync()
    {
        var server = TestDatabases.PostgresServer();
        _connectionString = new NpgsqlConnectionStringBuilder(server) { Database = _name }.ConnectionString;
        await ServerAsync($"CREATE DATABASE \"{_name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'");
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ServerAsync($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
        Directory.Delete(_data, recursive: true);
    }

    private static async Task ServerAsync(string sql)
    {
        await using var server = new NpgsqlConnection(TestDatabases.PostgresServer());
        await server.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, server);
        await command.ExecuteNonQueryAsync(Ct);
    }

    [GeneratedRegex(@"^(AnchorRegistry|LicenceRegistry)\s+(0x[0-9a-fA-F]{40}) \((deployed|kept)", RegexOptions.Multiline)]
    private static partial Regex ContractLine();

    [Fact]
    public async Task Users_add_then_list_on_PostgreSQL_configured_by_the_services_variables()
    {
        var (exit, stdout, stderr) = await CliProcess.RunWithAsync(Variables, "椰林里的一号茶园地块\n",
            "users", "add", "--username", "黎农户", "--role", "farmer", "--producer", "0199a1b2-0000-7000-8000-000000000001", "--password-stdin", "--data", _data);
        Assert.True(exit == 0, stderr);
        Assert.Contains("created farmer 黎农户", stdout, StringComparison.Ordinal);

        // Options instead of variables reach the same database.
        (exit, stdout, stderr) = await CliProcess.RunWithAsync(null, "long enough password\n",
            "users", "add", "--username", "ops.admin", "--role", "admin", "--password-stdin", "--data", _data,
            "--database-provider", "postgres", "--database-connection-string", _connectionString);
        Assert.True(exit == 0, stderr);

        (exit, stdout, stderr) = await CliProcess.RunWithAsync(Variables, null, "users", "list", "--data", _data);
        Assert.True(exit == 0, stderr);
        Assert.Contains("2 account(s)", stdout, StringComparison.Ordinal);
        Assert.Matches(@"黎农户\s+farmer\s+0199a1b2-0000-7000-8000-000000000001\s+active", stdout);

        // Read back from PostgreSQL itself: migrated by the CLI, the accounts there, the password usable for sign-in;
        // and no SQLite file was made in the data folder.
        await using var database = new PostgresDatabase(_connectionString);
        Assert.Equal(database.Schema.Count, await Migrator.CurrentVersionAsync(database, Ct));
        var accounts = new UserAccounts(new UserRepository(database), new RefreshTokenRepository(database), new PasswordHasher(), LockoutPolicy.Default, TimeProvider.System);
        Assert.True((await accounts.SignInAsync("黎农户", "椰林里的一号茶园地块", Ct)).Succeeded);
        Assert.Equal(Roles.Admin, (await accounts.FindByUsernameAsync("OPS.ADMIN", Ct))!.Role);
        Assert.False(File.Exists(Path.Combine(_data, "ecovalue.db")));

        // Without the variables, the default is still the SQLite file in --data, which knows none of them.
        (exit, stdout, stderr) = await CliProcess.RunWithAsync(null, null, "users", "list", "--data", _data);
        Assert.True(exit == 0, stderr);
        Assert.Contains("0 account(s)", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_data, "ecovalue.db")));
    }

    [Fact]
    public async Task Deploy_dev_records_the_deployment_in_PostgreSQL_and_keeps_it_on_the_next_run()
    {
        await using var anvil = new AnvilNode();
        await anvil.InitializeAsync();
        var (exit, stdout, stderr) = await CliProcess.RunWithAsync(Variables, null, "deploy", "--dev", "--if-missing", "--rpc-url", anvil.RpcUrl.ToString(), "--data", _data);
        Assert.True(exit == 0, stderr);
        var first = ContractLine().Matches(stdout).ToDictionary(m => m.Groups[1].Value, m => (Address: m.Groups[2].Value, How: m.Groups[3].Value));
        Assert.Equal("deployed", first["AnchorRegistry"].How);
        Assert.Equal("deployed", first["LicenceRegistry"].How);

        // The keys stay files in the data folder; the deployments are rows in PostgreSQL.
        Assert.True(File.Exists(Path.Combine(_data, "keys", "service.key")));
        Assert.False(File.Exists(Path.Combine(_data, "ecovalue.db")));
        await using (var database = new PostgresDatabase(_connectionString))
        {
            var rows = await new ChainDeploymentRepository(database).ListAsync(31337, Ct);
            Assert.Equal(["AnchorRegistry", "LicenceRegistry"], rows.Select(r => r.Contract).Order(StringComparer.Ordinal));
            foreach (var row in rows)
            {
                Assert.Equal(Address.Parse(first[row.Contract].Address), Address.Parse(row.Address));
                Assert.True(row.DeployBlock > 0);
            }
        }

        // --if-missing reads them back from PostgreSQL and finds them intact on the chain.
        (exit, stdout, stderr) = await CliProcess.RunWithAsync(Variables, null, "deploy", "--dev", "--if-missing", "--rpc-url", anvil.RpcUrl.ToString(), "--data", _data);
        Assert.True(exit == 0, stderr);
        var second = ContractLine().Matches(stdout).ToDictionary(m => m.Groups[1].Value, m => (Address: m.Groups[2].Value, How: m.Groups[3].Value));
        Assert.Equal(("kept", first["AnchorRegistry"].Address), (second["AnchorRegistry"].How, second["AnchorRegistry"].Address));
        Assert.Equal(("kept", first["LicenceRegistry"].Address), (second["LicenceRegistry"].How, second["LicenceRegistry"].Address));
    }

    [Fact]
    public async Task A_database_that_cannot_be_opened_exits_3_before_any_transaction_and_never_prints_the_password()
    {
        var closedPort = FreePort.Next();
        var unreachable = new NpgsqlConnectionStringBuilder(_connectionString) { Port = closedPort, Password = "hunter2-never-shown" }.ConnectionString;
        var (exit, stdout, stderr) = await CliProcess.RunWithAsync(new Dictionary<string, string>
        {
            ["ECOVALUE__DATABASE__PROVIDER"] = "postgres", // spelled as an operator may: the service's configuration ignores case
            ["ECOVALUE__DATABASE__CONNECTIONSTRING"] = unreachable,
        }, null, "deploy", "--dev", "--rpc-url", "http://127.0.0.1:9", "--data", _data);
        Assert.Equal(3, exit);
        Assert.Contains($"cannot open the PostgreSQL database '{_name}' on 127.0.0.1:{closedPort}", stderr, StringComparison.Ordinal);
        Assert.Contains("is the server running", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", stdout + stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data, "keys", "service.key")), "deploy stops before it creates a key or touches the chain");

        var missing = new NpgsqlConnectionStringBuilder(_connectionString) { Database = _name + "_missing" }.ConnectionString;
        (exit, _, stderr) = await CliProcess.RunWithAsync(null, null, "users", "list", "--data", _data, "--database-provider", "postgres", "--database-connection-string", missing);
        Assert.Equal(3, exit);
        Assert.Contains($"database \"{_name}_missing\" does not exist; create it first", stderr, StringComparison.Ordinal);

        (exit, _, stderr) = await CliProcess.RunWithAsync(new Dictionary<string, string> { ["EcoValue__Database__Provider"] = "postgres" }, null, "users", "list", "--data", _data);
        Assert.Equal(2, exit);
        Assert.Contains("postgres needs a connection string", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Labels_reads_PostgreSQL_without_migrating_it()
    {
        var file = Path.Combine(_data, "labels.pdf");

        // An empty database is not the service's: refused, and left as it was (labels never migrates).
        var (exit, _, stderr) = await CliProcess.RunWithAsync(Variables, null, "labels", "--batch", "0199a1b2-0000-7000-8000-00000000dead", "--format", "pdf", "--out", file, "--data", _data);
        Assert.Equal(3, exit);
        Assert.Contains("holds no EcoValue schema", stderr, StringComparison.Ordinal);
        await using var database = new PostgresDatabase(_connectionString);
        Assert.Equal(0, await Migrator.CurrentVersionAsync(database, Ct));

        // Migrated (as the service leaves it): the batch is looked up there.
        await Migrator.MigrateAsync(database, database.Schema, Ct);
        (exit, _, stderr) = await CliProcess.RunWithAsync(Variables, null, "labels", "--batch", "0199a1b2-0000-7000-8000-00000000dead", "--format", "pdf", "--out", file, "--data", _data);
        Assert.Equal(1, exit);
        Assert.Contains($"no batch with id 0199a1b2-0000-7000-8000-00000000dead in the PostgreSQL database '{_name}'", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
        Assert.False(File.Exists(Path.Combine(_data, "ecovalue.db")));
    }
}
