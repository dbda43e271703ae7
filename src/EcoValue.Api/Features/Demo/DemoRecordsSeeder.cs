using System.Text.Json.Nodes;
using EcoValue.Data.Records;
using EcoValue.Domain.Records;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace EcoValue.Api.Features.Demo;

/// <summary>
/// Dev profile only, empty database only: commits a handful of demo records (a Hainan producer, a plot, a batch, a
/// harvest and a lab result, as records; the registry entities arrive with issue 4) so that a newcomer sees them
/// anchored within seconds and can open a proof. Production never seeds (DESIGN.md, "Dev profile").
/// </summary>
public sealed partial class DemoRecordsSeeder(RecordRepository records, IServer server, IHostApplicationLifetime lifetime, ILogger<DemoRecordsSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await records.IsEmptyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        RecordEnvelope[] demo =
        [
            RecordEnvelope.Create("producer", "producer:demo-baisha-tea", "user:admin", now, new JsonObject
            {
                ["name"] = "白沙绿茶示范合作社 (demo)", ["region"] = "469025", ["creditCode"] = "93469025MA5T000000",
            }),
            RecordEnvelope.Create("plot", "plot:demo-yuanmen-1", "user:farmer", now, new JsonObject
            {
                ["producer"] = "producer:demo-baisha-tea", ["name"] = "元门乡 1 号茶园", ["areaMu"] = 32.5, ["region"] = "469025",
            }),
            RecordEnvelope.Create("batch", "batch:demo-2026-spring", "user:farmer", now, new JsonObject
            {
                ["product"] = "白沙绿茶", ["category"] = "tea", ["gtin"] = "06901234567892", ["lot"] = "BS2026SPRING", ["plot"] = "plot:demo-yuanmen-1",
            }),
            RecordEnvelope.Create("event", "batch:demo-2026-spring", "user:farmer", now, new JsonObject
            {
                ["type"] = "harvest", ["date"] = "2026-03-28", ["kg"] = 410,
            }),
            RecordEnvelope.Create("lab-result", "batch:demo-2026-spring", "user:farmer", now, new JsonObject
            {
                ["lab"] = "海南省农产品质量检测中心 (demo)", ["analytes"] = new JsonArray(new JsonObject { ["name"] = "chlorpyrifos", ["mgPerKg"] = 0.01 }),
            }),
        ];
        await records.AppendAsync([.. demo.Select(RecordRow.From)], cancellationToken).ConfigureAwait(false);
        var id = demo[2].Id;
        lifetime.ApplicationStarted.Register(() =>
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? string.Empty;
                var proofUrl = $"{address}/api/v1/records/{id}/proof";
                LogSeeded(logger, demo.Length, proofUrl);
            }
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} demo records; a proof: {ProofUrl}")]
    private static partial void LogSeeded(ILogger logger, int count, string proofUrl);
}
