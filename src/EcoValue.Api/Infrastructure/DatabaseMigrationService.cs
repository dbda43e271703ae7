using EcoValue.Data;
using EcoValue.Data.Migrations;

namespace EcoValue.Api.Infrastructure;

/// <summary>Applies pending migrations at start, before the server accepts requests.</summary>
public sealed partial class DatabaseMigrationService(Database database, ILogger<DatabaseMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await Migrator.MigrateAsync(database, database.Schema, cancellationToken).ConfigureAwait(false);
        LogMigrated(logger, database.Provider, applied, database.Schema.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ({Provider}) schema current: applied {Applied} migration(s), version {Version}")]
    private static partial void LogMigrated(ILogger logger, string provider, int applied, int version);
}
