using EcoValue.Ethereum.Abi;

namespace EcoValue.Ethereum.Rpc;

/// <summary>Typed log decoding: raw <see cref="LogEntry"/> values through an ABI <see cref="EventDefinition"/>.</summary>
public static class EventLogs
{
    /// <summary>Decodes one log; throws <see cref="AbiException"/> when it is not this event or is malformed.</summary>
    public static DecodedEvent Decode(this LogEntry log, EventDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Decode(log.Topics, log.Data);
    }

    /// <summary>The logs that match <paramref name="definition"/> (by topic 0 and topic count), decoded.</summary>
    public static IEnumerable<(LogEntry Log, DecodedEvent Event)> DecodeMatching(this IEnumerable<LogEntry> logs, EventDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(definition);
        return logs.Where(l => definition.Matches(l.Topics)).Select(l => (l, definition.Decode(l.Topics, l.Data)));
    }

    /// <summary>eth_getLogs narrowed to this event's topic 0 (other topic positions as given), decoded.</summary>
    public static async Task<IReadOnlyList<(LogEntry Log, DecodedEvent Event)>> GetEventsAsync(
        this EthClient eth, EventDefinition definition, LogFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(eth);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(filter);
        if (definition.Anonymous)
        {
            throw new ArgumentException("an anonymous event has no topic 0 to filter on; use GetLogsAsync and Decode", nameof(definition));
        }

        var rest = filter.Topics is { Count: > 1 } t ? t.Skip(1) : [];
        var logs = await eth.GetLogsAsync(filter with { Topics = [[definition.Topic0], .. rest] }, ct).ConfigureAwait(false);
        return [.. logs.DecodeMatching(definition)];
    }
}
