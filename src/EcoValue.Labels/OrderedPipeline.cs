using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace EcoValue.Labels;

/// <summary>
/// Runs a CPU-bound step (QR encoding and rendering) over a stream of codes on all cores while handing the results
/// back in source order, with at most <c>lookAhead</c> results waiting. The bound is what keeps memory flat: when the
/// writer (an HTTP client, a disk) is slow, the source is simply not read further. The source is read on one
/// background task, one item at a time, and its enumerator is disposed when the writer stops for any reason.
/// </summary>
internal static class OrderedPipeline
{
    public static async IAsyncEnumerable<TOut> SelectAsync<TIn, TOut>(
        IAsyncEnumerable<TIn> source, Func<TIn, long, TOut> step, int lookAhead, [EnumeratorCancellation] CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var channel = Channel.CreateBounded<Task<TOut>>(new BoundedChannelOptions(lookAhead)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var producer = Task.Run(() => ProduceAsync(source, step, channel.Writer, stop.Token), CancellationToken.None);
        try
        {
            while (await channel.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var item))
                {
                    yield return await item.ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // Stop reading the source, let the step tasks already started finish, and observe their faults so none
            // surfaces later as an unobserved task exception.
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            while (channel.Reader.TryRead(out var left))
            {
                await ((Task)left).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static async Task ProduceAsync<TIn, TOut>(IAsyncEnumerable<TIn> source, Func<TIn, long, TOut> step, ChannelWriter<Task<TOut>> writer, CancellationToken ct)
    {
        try
        {
            long index = 0;
            await foreach (var item in source.WithCancellation(ct).ConfigureAwait(false))
            {
                var i = index++;
                await writer.WriteAsync(Task.Run(() => step(item, i), CancellationToken.None), ct).ConfigureAwait(false);
            }

            writer.TryComplete();
        }
        catch (Exception e)
        {
            // Carries a source failure (a database read) to the writer, which rethrows it from WaitToReadAsync.
            writer.TryComplete(e);
        }
    }
}
