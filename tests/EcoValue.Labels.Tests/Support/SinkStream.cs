namespace EcoValue.Labels.Tests.Support;

/// <summary>
/// Stands in for an HTTP response body: write-only, cannot seek or tell its position, and (like Kestrel by default)
/// refuses synchronous writes and flushes. Keeps the bytes unless told to only count them, and lets a test see how
/// much had been written at any moment.
/// </summary>
public sealed class SinkStream(bool keep = true) : Stream
{
    private readonly MemoryStream _bytes = new();
    private long _written;

    public long Written => Interlocked.Read(ref _written);

    public int AsyncWrites { get; private set; }

    public byte[] ToArray() => keep ? _bytes.ToArray() : throw new InvalidOperationException("this sink only counts");

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException("a response body has no length");

    public override long Position { get => throw new NotSupportedException("a response body has no position"); set => throw new NotSupportedException(); }

    public override void Flush() => throw new InvalidOperationException("synchronous flush (Kestrel forbids synchronous I/O)");

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("synchronous write (Kestrel forbids synchronous I/O)");

    public override void Write(ReadOnlySpan<byte> buffer) => throw new InvalidOperationException("synchronous write (Kestrel forbids synchronous I/O)");

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (keep)
        {
            _bytes.Write(buffer.Span);
        }

        Interlocked.Add(ref _written, buffer.Length);
        AsyncWrites++;
        return ValueTask.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _bytes.Dispose();
        }

        base.Dispose(disposing);
    }
}
