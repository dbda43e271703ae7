using System.IO.Compression;
using System.Text;
using EcoValue.Labels.Tests.Support;

namespace EcoValue.Labels.Tests;

/// <summary>
/// What lets 100,000 codes stream to an HTTP client: the source is read lazily, the output is written as the codes
/// come (never collected first), only asynchronously, to a stream that cannot seek; cancellation and source failures
/// stop the work and leave the output visibly unfinished; progress is reported.
/// </summary>
public sealed class StreamingTests
{
    public static TheoryData<LabelFormat> Formats => [LabelFormat.Csv, LabelFormat.Svg, LabelFormat.Png, LabelFormat.Pdf];

    /// <summary>
    /// Not a timing or allocation test: it checks the structure that keeps memory flat. For every window of
    /// <c>window</c> consecutive codes pulled from the source, the output must have grown in between. A writer that
    /// reads all codes first, renders into a buffer it sends at the end, or encodes ahead without bound holds the
    /// output still while the source is drained, and fails here.
    /// </summary>
    [Theory]
    [InlineData(LabelFormat.Csv, 20_000, 1_000)]
    [InlineData(LabelFormat.Svg, 6_000, 1_000)]
    [InlineData(LabelFormat.Png, 6_000, 1_000)]
    [InlineData(LabelFormat.Pdf, 6_000, 1_000)]
    public async Task The_output_grows_while_the_source_is_read(LabelFormat format, int count, int window)
    {
        using var sink = new SinkStream(keep: false);
        var source = new RecordingSource(Codes.Batch(count), sink);
        var written = await LabelWriter.WriteAsync(format, Codes.ChineseHeader, source, sink, ct: TestContext.Current.CancellationToken);

        Assert.Equal(count, written);
        Assert.Equal(count, source.Pulled);
        Assert.True(source.Disposed);
        var at = source.BytesAtPull;
        for (var i = window; i < count; i++)
        {
            Assert.True(at[i] > at[i - window], $"no output between pulling code {i - window} and code {i} ({at[i]} bytes)");
        }

        Assert.True(sink.Written > at[^1]);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Cancellation_mid_way_stops_reading_and_writing_and_leaves_the_output_unfinished(LabelFormat format)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var source = new RecordingSource(Codes.Batch(5_000), onPull: n =>
        {
            if (n == 100)
            {
                cts.Cancel();
            }
        });
        using var sink = new SinkStream();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            LabelWriter.WriteAsync(format, Codes.ChineseHeader, source, sink, options: new LabelWriterOptions { LookAhead = 8 }, ct: cts.Token));

        Assert.True(source.Pulled <= 100 + 8 + 2, $"{source.Pulled} codes pulled after cancelling at 100");
        Assert.True(source.Disposed, "the source (a database reader) must be released");
        AssertUnfinished(format, sink.ToArray(), 5_000);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_failing_source_surfaces_its_error_and_leaves_the_output_unfinished(LabelFormat format)
    {
        var source = Failing(Codes.Batch(300), after: 150);
        using var sink = new SinkStream();
        var e = await Assert.ThrowsAsync<IOException>(() =>
            LabelWriter.WriteAsync(format, Codes.ChineseHeader, source, sink, ct: TestContext.Current.CancellationToken));
        Assert.Equal("database connection lost", e.Message);
        AssertUnfinished(format, sink.ToArray(), 300);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Progress_counts_written_codes_every_hundred_and_at_the_end(LabelFormat format)
    {
        var progress = new SyncProgress();
        using var sink = new SinkStream(keep: false);
        await LabelWriter.WriteAsync(format, Codes.ChineseHeader, AsyncSource.From(Codes.Batch(250)), sink, progress, ct: TestContext.Current.CancellationToken);
        Assert.Equal([100, 200, 250], progress.Reports);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Every_format_writes_only_asynchronously_to_a_stream_that_cannot_seek(LabelFormat format)
    {
        // SinkStream throws on synchronous writes and flushes, and on Position/Length, as Kestrel's response body does.
        using var sink = new SinkStream();
        var n = await LabelWriter.WriteAsync(format, Codes.ChineseHeader, AsyncSource.From(Codes.Batch(60)), sink, ct: TestContext.Current.CancellationToken);
        Assert.Equal(60, n);
        Assert.True(sink.AsyncWrites > 0);
        if (format is LabelFormat.Svg or LabelFormat.Png)
        {
            using var archive = new ZipArchive(new MemoryStream(sink.ToArray()), ZipArchiveMode.Read);
            Assert.Equal(60, archive.Entries.Count);
        }
    }

    private static void AssertUnfinished(LabelFormat format, byte[] output, int total)
    {
        switch (format)
        {
            case LabelFormat.Pdf:
                Assert.DoesNotContain("%%EOF", Encoding.Latin1.GetString(output), StringComparison.Ordinal);
                break;
            case LabelFormat.Svg or LabelFormat.Png:
                // No end-of-central-directory record: unzip tools reject the file instead of showing part of it.
                Assert.Equal(-1, output.AsSpan().IndexOf("PK\u0005\u0006"u8));
                Assert.ThrowsAny<InvalidDataException>(() => new ZipArchive(new MemoryStream(output), ZipArchiveMode.Read));
                break;
            default:
                Assert.True(Encoding.UTF8.GetString(output).Split("\r\n").Length < total, "the CSV must not be complete");
                break;
        }
    }

    private static async IAsyncEnumerable<LabelCode> Failing(IEnumerable<LabelCode> codes, int after)
    {
        var i = 0;
        foreach (var code in codes)
        {
            if (i++ == after)
            {
                throw new IOException("database connection lost");
            }

            await Task.Yield();
            yield return code;
        }
    }

    /// <summary>Records reports on the reporting thread (Progress&lt;T&gt; would post them later to the pool).</summary>
    private sealed class SyncProgress : IProgress<int>
    {
        private readonly List<int> _reports = [];

        public IReadOnlyList<int> Reports
        {
            get
            {
                lock (_reports)
                {
                    return [.. _reports];
                }
            }
        }

        public int Last { get; private set; }

        public void Report(int value)
        {
            lock (_reports)
            {
                _reports.Add(value);
                Last = value;
            }
        }
    }
}
