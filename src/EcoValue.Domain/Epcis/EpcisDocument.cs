namespace EcoValue.Domain.Epcis;

/// <summary>A parsed EPCISDocument (EPCIS 2.0 §9.2): its header members and its events.</summary>
public sealed record EpcisDocument
{
    public string SchemaVersion { get; internal init; } = "2.0";

    public DateTimeOffset CreationDate { get; internal init; }

    /// <summary>The document's <c>id</c>, if any.</summary>
    public string? Id { get; internal init; }

    public string? InstanceIdentifier { get; internal init; }

    public string? Sender { get; internal init; }

    public string? Receiver { get; internal init; }

    /// <summary>JSON-LD prefixes the document's <c>@context</c> defines beyond the standard context.</summary>
    public IReadOnlyDictionary<string, string> Namespaces { get; internal init; } = EpcisEvent.EmptyNamespaces;

    public IReadOnlyList<EpcisEvent> Events { get; internal init; } = [];
}

/// <summary>Limits a parse enforces. The caller bounds the document's size in bytes before parsing.</summary>
public sealed record EpcisLimits
{
    public static readonly EpcisLimits Default = new();

    /// <summary>Most events one document may carry (a capture larger than this is split by the sender).</summary>
    public int MaxEvents { get; init; } = 10_000;

    /// <summary>Deepest JSON nesting accepted, counted from the document root (the GS1 examples reach 12).</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Errors reported at most; past this one more error says the list was cut.</summary>
    public int MaxErrors { get; init; } = 1_000;
}
