using System.Diagnostics;
using EcoValue.Bench;

// scripts/bench [--quick] [--out DIR] [--only GROUP] [--labels-count N] [--scan-items N]: measures every figure the issues name and
// rewrites docs/benchmarks.md + .json.
var labelsCountIndex = Array.IndexOf(args, "--labels-count");
var labelsCount = labelsCountIndex >= 0 && labelsCountIndex + 1 < args.Length ? int.Parse(args[labelsCountIndex + 1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
var scanItemsIndex = Array.IndexOf(args, "--scan-items");
var scanItems = scanItemsIndex >= 0 && scanItemsIndex + 1 < args.Length ? int.Parse(args[scanItemsIndex + 1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
var workerIndex = Array.IndexOf(args, LabelBenchmarks.WorkerFlag);
if (workerIndex >= 0 && workerIndex + 1 < args.Length)
{
    // A child process of the labels group: one format, its own peak memory.
    return await LabelBenchmarks.WorkerAsync(args[workerIndex + 1], labelsCount);
}

var quick = args.Contains("--quick");
var outIndex = Array.IndexOf(args, "--out");
var docs = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : Path.Combine(FindRoot(), "docs");
var onlyIndex = Array.IndexOf(args, "--only");
var only = onlyIndex >= 0 && onlyIndex + 1 < args.Length ? args[onlyIndex + 1] : null;
var command = "scripts/bench" + (quick ? " --quick" : string.Empty);

var sw = Stopwatch.StartNew();
var rows = new List<BenchRow>();
void Add(IEnumerable<BenchRow> group)
{
    foreach (var row in group)
    {
        Console.WriteLine($"{row.Group,-8} {row.Figure,-52} {row.Ours,14:N1} {row.Unit,-6} peer {row.PeerValue,14:N1}  ratio {(row.Ratio is { } x ? Report.FmtRatio(x) : "—")}");
        if (only is not null)
        {
            // A group measured alone writes no table: its notes (runs, errors, what was checked) are printed instead.
            Console.WriteLine($"         {row.Note}");
        }

        rows.Add(row);
    }
}

bool Wanted(string group) => only is null || only == group;
if (Wanted("crypto"))
{
    Add(CryptoBenchmarks.Run(quick));
}

if (Wanted("rlp"))
{
    Add(RlpBenchmarks.Run(quick));
}

if (Wanted("merkle"))
{
    Add(MerkleBenchmarks.Run(quick));
}

if (Wanted("anchoring"))
{
    Add(await AnchoringBenchmarks.RunAsync(FindRoot(), quick));
}

if (Wanted("licences"))
{
    Add(await LicenceBenchmarks.RunAsync(FindRoot(), quick));
}

if (Wanted("api"))
{
    Add(await ApiBenchmarks.RunAsync(FindRoot(), quick));
}

// Issue 9: ingest and verify with the service on PostgreSQL (the private cluster scripts/bench starts), each right
// after its SQLite group so the notes can name the SQLite figures of the same run.
if (Wanted("api-pg"))
{
    Add(await ApiBenchmarks.RunAsync(FindRoot(), quick, postgres: true, earlier: rows));
}

if (Wanted("scan"))
{
    Add(await ScanBenchmarks.RunAsync(FindRoot(), quick, scanItems));
}

if (Wanted("scan-pg"))
{
    Add(await ScanBenchmarks.RunAsync(FindRoot(), quick, scanItems, postgres: true, earlier: rows));
}

if (Wanted("bulk"))
{
    Add(await BulkBenchmarks.RunAsync(FindRoot(), quick));
}

if (Wanted("labels"))
{
    Add(await LabelBenchmarks.RunAsync(labelsCount));
}

// --only GROUP measures one group (while working on it) and leaves docs/ alone: the table is always one whole run.
if (only is not null)
{
    return 0;
}

Report.Write(docs, rows, command, sw.Elapsed);
Console.WriteLine($"wrote {Path.Combine(docs, "benchmarks.md")} in {sw.Elapsed.TotalSeconds:F0} s");
return 0;

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "EcoValue.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
