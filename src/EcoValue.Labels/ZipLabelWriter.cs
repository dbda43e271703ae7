using System.IO.Compression;

namespace EcoValue.Labels;

/// <summary>
/// SVG or PNG labels as a ZIP with one file per code and nothing else. <see cref="ZipArchive"/> in Create mode
/// writes each entry straight through (a local header, the data, then a data descriptor with the CRC and sizes,
/// because the output may not seek), so only the central directory (about 100 bytes per entry) grows with the count:
/// the ZIP format puts it at the end. PNG entries are stored, not deflated again; SVG text is deflated.
/// </summary>
internal static class ZipLabelWriter
{
    public static async Task<int> WriteAsync(LabelFormat format, IAsyncEnumerable<LabelCode> codes, Stream output, LabelWriterOptions options, IProgress<int>? progress, CancellationToken ct)
    {
        var png = format == LabelFormat.Png;
        var extension = png ? ".png" : ".svg";
        var level = png ? CompressionLevel.NoCompression : CompressionLevel.Fastest;
        var ppm = options.PngPixelsPerModule;
        var names = new SafeFileName();
        var stamp = DateTimeOffset.Now; // one time for every entry: the moment the labels were made

        // On failure or cancellation the spool is shut before the archive is disposed, so the central directory that
        // ZipArchive writes on disposal never reaches the client: a cut-off download is visibly broken, not a
        // valid ZIP missing labels.
        using var spool = new SpoolStream(output);
        var archive = await ZipArchive.CreateAsync(spool, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct).ConfigureAwait(false);
        var count = 0;
        try
        {
            var rendered = OrderedPipeline.SelectAsync(codes, (code, i) =>
            {
                QrMatrix.RequirePrintableAscii(code.Link, "link", i, allowSpace: false);
                QrMatrix.RequirePrintableAscii(code.Text, "short code", i, allowSpace: true);
                var m = QrMatrix.Encode(code.Link);
                return (code.Text, Bytes: png ? PngQr.Render(m, ppm) : SvgQr.Render(m, ppm));
            }, options.LookAhead, ct);
            await foreach (var (text, bytes) in rendered.ConfigureAwait(false))
            {
                var entry = archive.CreateEntry(names.Next(text, count, extension), level);
                entry.LastWriteTime = stamp;
                var s = await entry.OpenAsync(ct).ConfigureAwait(false);
                await using (s.ConfigureAwait(false))
                {
                    await s.WriteAsync(bytes, ct).ConfigureAwait(false);
                }

                await spool.DrainAsync(all: false, ct).ConfigureAwait(false);
                count++;
                LabelWriter.Report(progress, count);
            }
        }
        catch
        {
            spool.Shut();
            await archive.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await archive.DisposeAsync().ConfigureAwait(false); // the central directory, into the spool
        await spool.DrainAsync(all: true, ct).ConfigureAwait(false);
        await output.FlushAsync(ct).ConfigureAwait(false);
        LabelWriter.ReportDone(progress, count);
        return count;
    }

    /// <summary>
    /// What ZipArchive writes to. ZipArchive writes synchronously in places even on its async path (an entry's
    /// DeflateStream flushes its tail on disposal), and a response body may refuse synchronous writes, so every write
    /// lands in memory here and reaches the output only through <see cref="DrainAsync"/>, which the writer awaits after
    /// each entry: at most one entry plus its headers is held. Once shut, writes are dropped.
    /// </summary>
    private sealed class SpoolStream(Stream inner) : Stream
    {
        private const int DrainThreshold = 64 * 1024;
        private readonly MemoryStream _spool = new();
        private bool _shut;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Shut() => _shut = true;

        /// <summary>Sends what has been spooled to the output once there is enough of it (or always, when <paramref name="all"/>).</summary>
        public async ValueTask DrainAsync(bool all, CancellationToken ct)
        {
            if (_shut || _spool.Length == 0 || (!all && _spool.Length < DrainThreshold))
            {
                return;
            }

            await inner.WriteAsync(_spool.GetBuffer().AsMemory(0, (int)_spool.Length), ct).ConfigureAwait(false);
            _spool.SetLength(0);
        }

        public override void Flush()
        {
            // Spooled; DrainAsync sends it.
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (!_shut)
            {
                _spool.Write(buffer);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _spool.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
