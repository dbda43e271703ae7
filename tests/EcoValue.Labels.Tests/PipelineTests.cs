using System.Collections.Concurrent;
using EcoValue.Labels.Tests.Support;

namespace EcoValue.Labels.Tests;

/// <summary>The parallel encoder stage: results in source order, and never more than the look-ahead read ahead of the writer.</summary>
public sealed class PipelineTests
{
    [Fact]
    public async Task Results_come_back_in_source_order_although_steps_finish_out_of_order()
    {
        var random = new ConcurrentDictionary<int, int>();
        var results = new List<int>();
        await foreach (var r in OrderedPipeline.SelectAsync(AsyncSource.From(Enumerable.Range(0, 2_000)), (x, i) =>
        {
            Assert.Equal(x, (int)i);
            Thread.SpinWait((x * 7919) % 5000); // uneven work, so later items often finish first
            random[x] = Environment.CurrentManagedThreadId;
            return x * 2;
        }, lookAhead: 32, TestContext.Current.CancellationToken))
        {
            results.Add(r);
        }

        Assert.Equal(Enumerable.Range(0, 2_000).Select(x => x * 2), results);
    }

    [Fact]
    public async Task The_source_is_read_at_most_look_ahead_plus_two_items_ahead_of_the_consumer()
    {
        const int lookAhead = 4;
        var consumed = 0;
        var aheadAtPull = new List<int>();
        var source = new RecordingSource(Codes.Batch(500), onPull: n => aheadAtPull.Add(n - Volatile.Read(ref consumed)));
        await foreach (var _ in OrderedPipeline.SelectAsync(source, (c, _) => c.Link.Length, lookAhead, TestContext.Current.CancellationToken))
        {
            // A slow writer: give the producer every chance to run ahead.
            await Task.Delay(1, TestContext.Current.CancellationToken);
            Interlocked.Increment(ref consumed);
        }

        // In flight at most: lookAhead in the channel, one the producer waits to add, one the consumer is writing.
        Assert.True(aheadAtPull.Max() <= lookAhead + 2, $"read {aheadAtPull.Max()} ahead");
        Assert.True(aheadAtPull.Max() >= lookAhead, "the producer should fill the look-ahead when the consumer is slow");
        Assert.True(source.Disposed);
    }

    [Fact]
    public async Task A_failing_step_surfaces_its_exception_and_releases_the_source()
    {
        var source = new RecordingSource(Codes.Batch(1_000));
        var e = await Assert.ThrowsAsync<FormatException>(async () =>
        {
            await foreach (var _ in OrderedPipeline.SelectAsync(source, (c, i) => i == 40 ? throw new FormatException("bad code") : i, 8, TestContext.Current.CancellationToken))
            {
            }
        });
        Assert.Equal("bad code", e.Message);
        Assert.True(source.Disposed);
        Assert.True(source.Pulled <= 40 + 8 + 2);
    }
}
