using System.Runtime.ExceptionServices;

namespace EcoValue.Domain;

/// <summary>Independent work items on all cores, failing the way a plain loop would.</summary>
public static class InParallel
{
    /// <summary>
    /// Runs <paramref name="body"/> for 0 … <paramref name="count"/> - 1 on the thread pool. When items throw, the first
    /// one's exception in index order is rethrown as itself (not wrapped in an <see cref="AggregateException"/>),
    /// so bad input still maps to its problem response and the error reported does not depend on thread timing.
    /// </summary>
    public static void For(int count, Action<int> body, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var failed = new Exception?[count];
        Parallel.For(0, count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            try
            {
                body(i);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failed[i] = e;
            }
        });
        if (Array.Find(failed, e => e is not null) is { } first)
        {
            ExceptionDispatchInfo.Throw(first);
        }
    }
}
