using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Dapper;
using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Anchoring.Worker;
using EcoValue.Data;
using EcoValue.Data.Anchoring;
using EcoValue.Data.Migrations;
using EcoValue.Data.Records;
using EcoValue.Domain.Records;
using EcoValue.Ethereum.Abi;
using EcoValue.Ethereum.Rpc;
using EcoValue.Ethereum.Signing;
using Microsoft.Data.Sqlite;

namespace EcoValue.Bench;

/// <summary>
/// Issue 3's figures on a real anvil and a real SQLite file: records/s through hashing + storage + anchoring for one
/// window of 1k / 10k / 100k records, gas per record (beside the 21,000-gas floor of one transaction spread over the
/// window), and commit-to-anchored latency at the default window under a steady stream of records. Issue 8's gas
/// peers on the same anvil: one transaction per record (our own <c>anchor(recordHash, 1)</c>) and one EAS
/// attestation per record (docs/peers.md).
/// </summary>
public static class AnchoringBenchmarks
{
    public static async Task<IReadOnlyList<BenchRow>> RunAsync(string root, bool quick)
    {
        var rows = new List<BenchRow>();
        await using var chain = await DevChain.StartAsync(root);
        var gasAt10k = 0.0;
        foreach (var window in new[] { 1_000, 10_000, 100_000 })
        {
            var (rate, gas) = await OneWindowAsync(chain, window);
            if (window == 10_000)
            {
                gasAt10k = gas;
            }

            var hashOnly = HashOnlyRate(window);
            rows.Add(new BenchRow("anchoring", $"records/s, hash + store + anchor, window {window:N0}", "records/s", rate,
                "making the same records only (envelope, JCS, keccak; in memory, all cores)", hashOnly,
                "RecordEnvelope -> JCS -> keccak, SQLite append (WAL), Merkle tree, one anchor tx, 1 confirmation; the limit skips storage, the tree and the chain"));
            rows.Add(new BenchRow("anchoring", $"gas per record, window {window:N0}", "gas", gas, "floor: 21,000-gas base of one tx / window", 21_000.0 / window,
                "ratio = ours / floor (lower is better here)"));
        }

        var sample = quick ? 50 : 200;
        var (perTx, perAttestation) = await PerRecordPeersAsync(root, chain, sample);
        rows.Add(new BenchRow("anchoring", "gas per record, window 10,000, vs one transaction per record", "gas", gasAt10k,
            $"one AnchorRegistry.anchor(recordHash, 1) tx per record (mean of {sample})", perTx,
            "the same contract storing each record's bytes32 on its own; ratio = ours / peer (lower is better), target <= 1/5,000"));
        rows.Add(new BenchRow("anchoring", "gas per record, window 10,000, vs one EAS attestation per record", "gas", gasAt10k,
            $"EAS 1.9.0 attest, schema `bytes32 recordHash` (mean of {sample})", perAttestation,
            "EAS and SchemaRegistry from the pinned npm package's artifacts, same anvil; ratio = ours / peer (lower is better), target <= 1/30,000"));

        var (p50, p95, count) = await LatencyAsync(chain, quick ? TimeSpan.FromSeconds(25) : TimeSpan.FromSeconds(60));
        rows.Add(new BenchRow("anchoring", "commit -> anchored latency p50 (default window: 10 s or 10,000 records, 1 confirmation)", "s", p50, "the window time (a record waits for its window)", 10,
            $"{count:N0} records at ~200/s; ratio = ours / window (lower is better): the rest is the tree, the transaction and its block"));
        rows.Add(new BenchRow("anchoring", "commit -> anchored latency p95 (default window)", "s", p95, "the window time", 10,
            $"{count:N0} records at ~200/s; ratio = ours / window (lower is better; a record committed just after a cut waits a whole window, plus a block)"));
        return rows;
    }

    /// <summary>
    /// Mean receipt gasUsed of <paramref name="sample"/> records anchored one transaction each (AnchorRegistry.anchor
    /// with a leaf count of 1: the record hash is the root) and of as many EAS attestations of the same hashes, all
    /// sent the same way (simulate, estimate, sign, send, wait for the receipt) from one funded key.
    /// </summary>
    private static async Task<(double PerTx, double PerAttestation)> PerRecordPeersAsync(string root, DevChain chain, int sample)
    {
        var key = EthECKey.Generate();
        await new AnvilClient(chain.Eth.Rpc).SetBalanceAsync(key.Address, BigInteger.Pow(10, 21));
        var account = new ChainAccount(chain.Eth, key, await chain.Eth.ChainIdAsync());
        var fees = new FeeEstimator(chain.Eth);
        var sender = new TransactionSender(account, fees);
        var artifact = ContractArtifact.Load("AnchorRegistry");
        var registry = await new ContractDeployer(account, fees).DeployAsync(artifact, "address,address", [key.Address, key.Address]);
        var errors = ContractErrors.FromAbi(artifact.AbiJson);
        var eas = await Eas.DeployAsync(root, sender, fees);
        var schema = await eas.RegisterSchemaAsync("bytes32 recordHash", revocable: false);

        var hashes = Enumerable.Range(0, sample).Select(i => NewRecord(i).RecordHash).ToArray();
        var perTx = 0.0;
        var perAttestation = 0.0;
        foreach (var hash in hashes)
        {
            perTx += (await sender.SendAsync(registry.Address, AnchorRegistryClient.EncodeAnchor(hash, 1), errors, "AnchorRegistry.anchor")).GasUsed;
            perAttestation += (await eas.AttestAsync(schema, AbiEncoder.Encode("bytes32", hash), revocable: false)).Receipt.GasUsed;
        }

        return (perTx / sample, perAttestation / sample);
    }

    private sealed record Setup(string Dir, SqliteDatabase Db, AnchoringWorker Worker, AnchorBatchRepository Batches, RecordRepository Records, EthClient Eth);

    private static async Task<Setup> SetupAsync(DevChain chain, AnchoringOptions options)
    {
        var dir = Directory.CreateTempSubdirectory("ecovalue-bench-").FullName;
        var db = new SqliteDatabase(dir);
        await Migrator.MigrateAsync(db, SqliteSchema.Migrations);
        var key = EthECKey.Generate();
        await new AnvilClient(chain.Eth.Rpc).SetBalanceAsync(key.Address, BigInteger.Pow(10, 21));
        var account = new ChainAccount(chain.Eth, key, await chain.Eth.ChainIdAsync());
        var fees = new FeeEstimator(chain.Eth);
        var deployment = await new ContractDeployer(account, fees).DeployAsync(ContractArtifact.Load("AnchorRegistry"), "address,address", [key.Address, key.Address]);
        var batches = new AnchorBatchRepository(db);
        var records = new RecordRepository(db);
        var worker = new AnchoringWorker(batches, records, account, new AnchorRegistryClient(chain.Eth, deployment.Address), fees, options, TimeProvider.System);
        return new Setup(dir, db, worker, batches, records, chain.Eth);
    }

    private static RecordRow NewRecord(int i)
    {
        var e = RecordEnvelope.Create("event", $"batch:{i % 97}", "user:bench", DateTimeOffset.UtcNow,
            new JsonObject { ["type"] = "harvest", ["n"] = i, ["kg"] = 12.5, ["place"] = "白沙黎族自治县" });
        return RecordRow.From(e);
    }

    /// <summary>Records/s of making the window's records alone (what OneWindowAsync does before it stores anything).</summary>
    private static double HashOnlyRate(int window)
    {
        var rows = new RecordRow[window];
        var sw = Stopwatch.StartNew();
        Parallel.For(0, rows.Length, i => rows[i] = NewRecord(i));
        return window / sw.Elapsed.TotalSeconds;
    }

    private static async Task<(double Rate, double GasPerRecord)> OneWindowAsync(DevChain chain, int window)
    {
        var s = await SetupAsync(chain, new AnchoringOptions { WindowRecords = window, WindowTime = TimeSpan.FromHours(1), Confirmations = 1 });
        try
        {
            var sw = Stopwatch.StartNew();
            const int chunk = 5_000;
            for (var start = 0; start < window; start += chunk)
            {
                var rows = new RecordRow[Math.Min(chunk, window - start)];
                Parallel.For(0, rows.Length, i => rows[i] = NewRecord(start + i));
                await s.Records.AppendAsync(rows);
            }

            AnchoringStep step;
            do
            {
                step = await s.Worker.RunOnceAsync();
            }
            while (step != AnchoringStep.Anchored);

            sw.Stop();
            var batch = (await s.Batches.GetAsync(1))!;
            var receipt = (await s.Eth.GetTransactionReceiptAsync(batch.TxHash!))!;
            return (window / sw.Elapsed.TotalSeconds, (double)receipt.GasUsed / window);
        }
        finally
        {
            Cleanup(s);
        }
    }

    private static async Task<(double P50, double P95, int Count)> LatencyAsync(DevChain chain, TimeSpan duration)
    {
        var s = await SetupAsync(chain, new AnchoringOptions { Confirmations = 1 }); // the defaults: 10 s or 10,000 records
        try
        {
            using var stop = new CancellationTokenSource(duration);
            var producer = Task.Run(async () =>
            {
                var i = 0;
                while (!stop.IsCancellationRequested)
                {
                    await s.Records.AppendAsync([.. Enumerable.Range(i, 20).Select(NewRecord)]);
                    i += 20;
                    await Task.Delay(100);
                }
            });
            while (!producer.IsCompleted || (await s.Batches.PendingAsync()).Count > 0 || await s.Batches.GetOpenBatchAsync() is not null)
            {
                var step = await s.Worker.RunOnceAsync();
                if (step is AnchoringStep.Idle or AnchoringStep.Waiting or AnchoringStep.Mined)
                {
                    await Task.Delay(50);
                }
            }

            await producer;
            await using var c = await s.Db.OpenAsync(CancellationToken.None);
            var pairs = await c.QueryAsync<(string, string)>("SELECT r.committed_at, b.anchored_at FROM records r JOIN anchor_batches b ON b.id = r.batch_id");
            var latencies = pairs.Select(p => (DateTimeOffset.Parse(p.Item2, CultureInfo.InvariantCulture) - DateTimeOffset.Parse(p.Item1, CultureInfo.InvariantCulture)).TotalSeconds).Order().ToArray();
            return (latencies[latencies.Length / 2], latencies[(int)(latencies.Length * 0.95)], latencies.Length);
        }
        finally
        {
            Cleanup(s);
        }
    }

    private static void Cleanup(Setup s)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(s.Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
