namespace EcoValue.Ethereum.Rpc;

/// <summary>Where and how patiently to talk to a node.</summary>
public sealed record JsonRpcClientOptions
{
    /// <summary>HTTP(S) URL of the node.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>Limit for one HTTP attempt (send and read the whole body); an attempt that overruns is a transport error and may be retried.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt, for transport errors only. 0 disables retrying.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Delay before the first retry; doubled for each further one, with jitter, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest response body accepted. eth_getLogs over a wide range is the usual big answer; a node (or a
    /// proxy in front of it) that sends more than this is refused rather than buffered.</summary>
    public int MaxResponseBytes { get; init; } = 32 * 1024 * 1024;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Endpoint);
        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"endpoint must be an absolute http(s) URL", nameof(Endpoint));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero, nameof(RequestTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialBackoff, TimeSpan.Zero, nameof(InitialBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, InitialBackoff, nameof(MaxBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxResponseBytes, 1024, nameof(MaxResponseBytes));
    }
}
