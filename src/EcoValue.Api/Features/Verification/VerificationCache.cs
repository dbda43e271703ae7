using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Verification;

/// <summary>
/// Short-lived answers for the scan hot path (<see cref="VerificationOptions.CacheSeconds"/>): the batch-level part of
/// a view, the batch a GTIN + lot names, an issuance's record proof, the contract address. Concurrent misses of one
/// key share one load (when an entry expires under 5,000 requests a second, the database sees one read, not
/// hundreds); a load that fails is forgotten at once. Writes through this service that change what a batch shows
/// (recall, withdrawal, issuance) drop its entry, so their effect is seen on the next scan.
/// </summary>
public sealed class VerificationCache(IOptions<VerificationOptions> options, TimeProvider time)
{
    /// <summary>Entries kept at most; past it the cache starts over (a crawler walking every batch cannot grow it without bound).</summary>
    public const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeSpan _ttl = TimeSpan.FromSeconds(options.Value.CacheSeconds);

    public bool Enabled => _ttl > TimeSpan.Zero;

    /// <summary>The value under <paramref name="key"/>, loading it when absent or expired.</summary>
    public Task<T> GetAsync<T>(string key, Func<Task<T>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (!Enabled)
        {
            return load();
        }

        var now = time.GetTimestamp();
        _entries.TryGetValue(key, out var current);
        if (current is not null && time.GetElapsedTime(current.Stamp, now) < _ttl)
        {
            return (Task<T>)current.Value;
        }

        var fresh = new Entry(null!, now);
        fresh.Value = LoadAsync(key, fresh, load);
        var won = current is null ? _entries.TryAdd(key, fresh) : _entries.TryUpdate(key, fresh, current);
        if (won)
        {
            if (_entries.Count > MaxEntries)
            {
                _entries.Clear();
            }

            return (Task<T>)fresh.Value;
        }

        // Another request started the same load a moment ago: share it.
        return _entries.TryGetValue(key, out var winner) ? (Task<T>)winner.Value : (Task<T>)fresh.Value;
    }

    /// <summary>Forgets what is cached about a batch.</summary>
    public void Invalidate(string batchId) => _entries.TryRemove(Keys.Batch(batchId), out _);

    private async Task<T> LoadAsync<T>(string key, Entry entry, Func<Task<T>> load)
    {
        // Yield first, so the entry is in the dictionary before a synchronous failure could try to remove it.
        await Task.Yield();
        try
        {
            return await load().ConfigureAwait(false);
        }
        catch
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            throw;
        }
    }

    /// <summary>Cache keys, one namespace per kind of entry.</summary>
    public static class Keys
    {
        public static string Batch(string batchId) => "batch:" + batchId;

        public static string BatchKey(string gtin, string lot) => "key:" + gtin + "/" + lot;

        public static string Issuance(string recordId) => "issuance:" + recordId;
    }

    private sealed class Entry(object value, long stamp)
    {
        public object Value { get; set; } = value;

        public long Stamp { get; } = stamp;
    }
}
