using System.CommandLine;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using EcoValue.Data;
using EcoValue.Data.Items;
using EcoValue.Labels;

namespace EcoValue.Cli.Commands;

/// <summary>
/// <c>ecovalue labels --batch ID --format pdf|svg|png|csv --out FILE</c>: the same labels as
/// <c>GET /api/v1/batches/{id}/labels</c>, read straight from the service's database (its SQLite file, or PostgreSQL as
/// <see cref="DatabaseSelection"/> resolves it; read only: no migration, no write), for print shops and big runs
/// without an HTTP download. Output goes to a temporary file beside <c>--out</c> that is renamed into place only when
/// complete, so a failure or Ctrl+C never leaves a half-written sheet that could pass for a whole one. Exit codes: 0 written, 1 no such batch or nothing to print, 2 bad input
/// or database settings, 3 the database cannot be opened or read, 130 cancelled.
/// </summary>
internal static class LabelsCommand
{
    public const string DefaultBaseUrl = "http://127.0.0.1:5080";

    public static Command Create()
    {
        var data = CommonOptions.DataDirectory();
        var db = new DatabaseSelection();
        var batch = new Option<string>("--batch") { Description = "the batch id", Required = true };
        var format = new Option<string>("--format") { Description = "pdf (A4 label sheets), svg or png (a ZIP of one file per code), csv (label printers)", Required = true };
        format.AcceptOnlyFromAmong([.. Enum.GetValues<LabelFormat>().Select(LabelFormats.Name)]);
        var output = new Option<FileInfo>("--out") { Description = "the file to write (replaced only once the new one is complete)", Required = true };
        var scope = new Option<string?>("--scope") { Description = "items (the batch's issued, non-withdrawn item codes; the default once codes are issued) or batch (one label for the batch link)" };
        scope.AcceptOnlyFromAmong("items", "batch");
        var baseUrl = new Option<string?>("--base-url")
        {
            Description = $"public base URL the codes were issued under (the service's EcoValue:PublicBaseUrl); default $ECOVALUE_PUBLIC_BASE_URL, else {DefaultBaseUrl} (the dev profile)",
        };
        var command = new Command("labels", "Write a batch's QR labels (PDF sheets, ZIP of SVG or PNG, CSV) from the service's database, with a progress bar")
        {
            data, db.Provider, db.ConnectionString, batch, format, output, scope, baseUrl,
        };
        command.SetAction(async (result, ct) =>
        {
            var url = result.GetValue(baseUrl) ?? (Environment.GetEnvironmentVariable("ECOVALUE_PUBLIC_BASE_URL") is { Length: > 0 } env ? env : DefaultBaseUrl);
            if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(parsed.Query) || !string.IsNullOrEmpty(parsed.Fragment))
            {
                await Console.Error.WriteLineAsync($"--base-url must be an absolute http(s) URL without query or fragment, got '{url}'").ConfigureAwait(false);
                return 2;
            }

            // Both were checked against their lists by the parser already; this only turns the text into the value.
            if (!LabelFormats.TryParse(result.GetValue(format), out var labelFormat) || !LabelRun.TryParseScope(result.GetValue(scope), out var labelScope))
            {
                return 2;
            }

            // Read only: the database as it is, never migrated or created by a print run.
            await using var opened = await db.OpenAsync(result, result.GetValue(data)!, migrate: false, ct).ConfigureAwait(false);
            if (opened.Database is not { } database)
            {
                return opened.ExitCode;
            }

            return await RunAsync(database, opened.Where, result.GetValue(batch)!, labelFormat, labelScope, result.GetValue(output)!, url.TrimEnd('/'), ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(Database database, string where, string batchId, LabelFormat format, LabelScope? scope, FileInfo output, string baseUrl, CancellationToken ct)
    {
        var items = new ItemRepository(database);
        LabelBatchRow? facts;
        try
        {
            facts = await items.GetLabelBatchAsync(batchId, ct).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            await Console.Error.WriteLineAsync($"cannot read the {where}: {e.Message} (is it the service's database, migrated by a current version?)").ConfigureAwait(false);
            return DatabaseSelection.Unavailable;
        }

        if (facts is null)
        {
            await Console.Error.WriteLineAsync($"no batch with id {batchId} in the {where}").ConfigureAwait(false);
            return 1;
        }

        var run = LabelRun.Plan(facts, scope);
        if (run.Count == 0)
        {
            await Console.Error.WriteLineAsync(facts.Issued == 0
                ? $"batch {batchId} has no item codes yet: issue codes first, or use --scope batch for the batch's own code"
                : $"every item code of batch {batchId} is withdrawn: use --scope batch for the batch's own code").ConfigureAwait(false);
            return 1;
        }

        var target = Path.GetFullPath(output.FullName);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        var header = new LabelSheetHeader(facts.BrandNameZh, facts.Product, facts.Lot, facts.ProducerName);
        var bar = new ProgressBar(run.Count, Console.Error, !Console.IsErrorRedirected);
        var clock = Stopwatch.StartNew();
        int written;
        try
        {
            await using (var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous, BufferSize = 0 }))
            {
                var codes = run.CodesAsync(items, baseUrl, ct).Select(c => new LabelCode(c.Link, c.Text));
                written = await LabelWriter.WriteAsync(format, header, codes, stream, bar, ct: ct).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Delete(temp);
            bar.Finish();
            await Console.Error.WriteLineAsync($"cancelled: nothing written to {target}").ConfigureAwait(false);
            return 130;
        }
        catch
        {
            Delete(temp);
            bar.Finish();
            throw;
        }

        bar.Finish();
        var seconds = clock.Elapsed.TotalSeconds;
        var what = run.Scope == LabelScope.Batch ? "the batch code" : "item codes";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {written:N0} label(s) ({what} of batch {batchId}, lot {facts.Lot}) as {LabelFormats.Name(format)} to {target}: {new FileInfo(target).Length:N0} bytes in {seconds:0.0} s ({written / Math.Max(seconds, 0.001):N0} codes/s)"));
        return 0;
    }

    private static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
