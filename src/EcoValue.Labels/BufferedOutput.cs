using System.Buffers;
using System.Text;

namespace EcoValue.Labels;

/// <summary>
/// A write buffer in front of the caller's stream that knows how many bytes it has taken (the PDF cross-reference
/// table needs each object's offset, and an HTTP response body cannot tell its position). Writes are collected
/// synchronously and reach the stream only through <see cref="FlushIfFullAsync"/> and <see cref="FlushAsync"/>, so
/// a response body that forbids synchronous I/O (Kestrel's default) is never written synchronously.
/// </summary>
internal sealed class BufferedOutput(Stream inner, int flushThreshold = 64 * 1024) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(flushThreshold * 2);
    private int _count;
    private long _flushed;

    /// <summary>Bytes taken so far (flushed and buffered): the offset the next byte will have in the output.</summary>
    public long Position => _flushed + _count;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_count));
        _count += bytes.Length;
    }

    /// <summary>Text that is ASCII by construction (PDF syntax, numbers, escaped strings).</summary>
    public void WriteAscii(string text)
    {
        Ensure(text.Length);
        _count += Encoding.Latin1.GetBytes(text, _buffer.AsSpan(_count));
    }

    public void WriteUtf8(string text)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        _count += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_count));
    }

    public ValueTask FlushIfFullAsync(CancellationToken ct) => _count >= flushThreshold ? FlushAsync(ct) : ValueTask.CompletedTask;

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        if (_count > 0)
        {
            await inner.WriteAsync(_buffer.AsMemory(0, _count), ct).ConfigureAwait(false);
            _flushed += _count;
            _count = 0;
        }
    }

    /// <summary>Flushes the buffer and then the stream itself (the end of the document).</summary>
    public async ValueTask CompleteAsync(CancellationToken ct)
    {
        await FlushAsync(ct).ConfigureAwait(false);
        await inner.FlushAsync(ct).ConfigureAwait(false);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Ensure(int more)
    {
        if (_count + more <= _buffer.Length)
        {
            return;
        }

        // One object larger than the buffer (a big header image): grow to fit it; the pool takes the old one back.
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _count + more));
        _buffer.AsSpan(0, _count).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
