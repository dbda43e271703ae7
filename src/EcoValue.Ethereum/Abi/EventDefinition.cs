namespace EcoValue.Ethereum.Abi;

/// <summary>One event parameter: its name ("" if unnamed), type, and whether it is carried in a topic.</summary>
public sealed record EventParameter(string Name, AbiType Type, bool Indexed);

/// <summary>
/// An event read from its human-readable signature, e.g.
/// <c>Anchored(bytes32 indexed root, uint32 leafCount, uint64 at)</c> (an optional leading <c>event</c> and trailing
/// <c>anonymous</c> are understood). Decodes logs per the Solidity ABI specification, "Events": topic 0 is
/// keccak256 of the canonical signature (absent for anonymous events), indexed value types are one topic word each,
/// indexed dynamic types, arrays and tuples are only the keccak256 of their encoding (returned as that 32-byte hash),
/// and the other parameters are the ABI-encoded data.
/// </summary>
public sealed class EventDefinition
{
    private readonly byte[] _topic0;

    private EventDefinition(string name, IReadOnlyList<EventParameter> parameters, bool anonymous, string signature)
    {
        Name = name;
        Parameters = parameters;
        Anonymous = anonymous;
        Signature = signature;
        _topic0 = Keccak.HashUtf8(signature);
    }

    public string Name { get; }

    public IReadOnlyList<EventParameter> Parameters { get; }

    public bool Anonymous { get; }

    /// <summary>The canonical signature, e.g. <c>Anchored(bytes32,uint32,uint64)</c>.</summary>
    public string Signature { get; }

    /// <summary>keccak256(<see cref="Signature"/>): the first topic of every (non-anonymous) log of this event.</summary>
    public byte[] Topic0 => (byte[])_topic0.Clone();

    /// <summary>Topics a log carries: topic 0 (unless anonymous) plus one per indexed parameter.</summary>
    public int TopicCount => (Anonymous ? 0 : 1) + Parameters.Count(p => p.Indexed);

    public static EventDefinition Parse(string signature)
    {
        var parsed = SignatureParser.Parse(signature, "event");
        var anonymous = parsed.Suffix switch
        {
            "" => false,
            "anonymous" => true,
            var other => throw new AbiException($"bad event signature '{signature}': unexpected '{other}'"),
        };
        var indexed = parsed.Parameters.Count(p => p.Indexed);
        if (indexed > (anonymous ? 4 : 3))
        {
            throw new AbiException($"bad event signature '{signature}': {indexed} indexed parameters, at most {(anonymous ? 4 : 3)} fit in a log");
        }

        var duplicate = parsed.Parameters.Where(p => p.Name.Length > 0).GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new AbiException($"bad event signature '{signature}': parameter name '{duplicate.Key}' is used twice");
        }

        return new EventDefinition(parsed.Name, [.. parsed.Parameters.Select(p => new EventParameter(p.Name, p.Type, p.Indexed))], anonymous, parsed.Canonical);
    }

    /// <summary>True when a log's topic 0 and topic count fit this event (anonymous events: topic count only).</summary>
    public bool Matches(IReadOnlyList<byte[]> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        return topics.Count == TopicCount && (Anonymous || (topics[0] is { } t && t.AsSpan().SequenceEqual(_topic0)));
    }

    /// <summary>Decodes a log's topics and data into the parameters' values, in declaration order.</summary>
    /// <exception cref="AbiException">topic 0 is another event's, the topic count is wrong, or a topic or the data is malformed.</exception>
    public DecodedEvent Decode(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count != TopicCount)
        {
            throw new AbiException($"{Signature}: expected {TopicCount} topics, got {topics.Count}");
        }

        foreach (var topic in topics)
        {
            if (topic is not { Length: 32 })
            {
                throw new AbiException($"{Signature}: every topic is 32 bytes");
            }
        }

        var next = 0;
        if (!Anonymous)
        {
            if (!topics[0].AsSpan().SequenceEqual(_topic0))
            {
                throw new AbiException($"{Signature}: topic 0 is {Hex.Encode(topics[0])}, not this event's {Hex.Encode(_topic0)}");
            }

            next = 1;
        }

        var dataTypes = Parameters.Where(p => !p.Indexed).Select(p => p.Type).ToArray();
        object?[] dataValues;
        try
        {
            dataValues = AbiDecoder.Decode(dataTypes, data);
        }
        catch (AbiException e)
        {
            throw new AbiException($"{Signature} data: {e.Message}");
        }

        var values = new object?[Parameters.Count];
        var d = 0;
        for (var i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            if (!p.Indexed)
            {
                values[i] = dataValues[d++];
                continue;
            }

            var topic = topics[next++];
            try
            {
                values[i] = p.Type.IsValueType ? AbiDecoder.DecodeWord(p.Type, topic) : (byte[])topic.Clone();
            }
            catch (AbiException e)
            {
                throw new AbiException($"{Signature} topic {next - 1} ({Label(i)}): {e.Message}");
            }
        }

        return new DecodedEvent(this, values);
    }

    public override string ToString() => Signature;

    private string Label(int i) => Parameters[i].Name.Length > 0 ? Parameters[i].Name : "parameter " + i;
}

/// <summary>A decoded log: the values of an event's parameters in declaration order, also reachable by name.</summary>
public sealed class DecodedEvent
{
    private readonly object?[] _values;

    internal DecodedEvent(EventDefinition definition, object?[] values)
    {
        Definition = definition;
        _values = values;
    }

    public EventDefinition Definition { get; }

    public IReadOnlyList<object?> Values => _values;

    public object? this[int index] => _values[index];

    /// <exception cref="KeyNotFoundException">no parameter has that name.</exception>
    public object? this[string name]
    {
        get
        {
            for (var i = 0; i < _values.Length; i++)
            {
                if (Definition.Parameters[i].Name == name)
                {
                    return _values[i];
                }
            }

            throw new KeyNotFoundException($"{Definition.Signature} has no parameter named '{name}'");
        }
    }

    /// <summary>The named value as <typeparamref name="T"/> (BigInteger, Address, bool, byte[], string, object?[]).</summary>
    public T Get<T>(string name) => this[name] is T value
        ? value
        : throw new InvalidCastException($"{Definition.Signature} parameter '{name}' is {this[name]?.GetType().Name ?? "null"}, not {typeof(T).Name}");
}
