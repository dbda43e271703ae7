using System.Text.Json.Nodes;

namespace EcoValue.Domain.Canonical;

/// <summary>
/// RFC 8785 bytes known to be canonical: only <see cref="Of(JsonNode)"/> and <see cref="CanonicalObject"/> make
/// them. Lets a hot path canonicalise a large part once and embed it, instead of copying a node tree to canonicalise
/// the whole again (EPCIS capture: the captured event goes into the record and the field event row).
/// </summary>
public sealed class CanonicalJson
{
    private readonly byte[] _utf8;

    private CanonicalJson(byte[] utf8) => _utf8 = utf8;

    public ReadOnlySpan<byte> Utf8 => _utf8;

    /// <summary>The canonical form of a node (<see cref="Jcs.Canonicalize(JsonNode?)"/>).</summary>
    public static CanonicalJson Of(JsonNode value) => new(Jcs.Canonicalize(value));

    public override string ToString() => System.Text.Encoding.UTF8.GetString(_utf8);

    /// <summary>The bytes themselves, for a holder that never changes them either (a record's data).</summary>
    internal byte[] Bytes => _utf8;

    internal static CanonicalJson Trusted(byte[] utf8) => new(utf8);
}

/// <summary>
/// Builds a canonical JSON object from string members (null allowed) and already canonical members: members are
/// sorted as RFC 8785 §3.2.3 says (by UTF-16 code units), each value written in its canonical form.
/// </summary>
public sealed class CanonicalObject
{
    private readonly SortedDictionary<string, object?> _members = new(StringComparer.Ordinal);

    public CanonicalObject Add(string name, string? value)
    {
        _members.Add(name, value);
        return this;
    }

    public CanonicalObject Add(string name, CanonicalJson value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _members.Add(name, value);
        return this;
    }

    public CanonicalJson Build()
    {
        var writer = new JcsWriter(512);
        writer.WriteByte((byte)'{');
        var first = true;
        foreach (var (name, value) in _members)
        {
            if (!first)
            {
                writer.WriteByte((byte)',');
            }

            first = false;
            writer.WriteString(name);
            writer.WriteByte((byte)':');
            switch (value)
            {
                case null:
                    writer.WriteRaw("null"u8);
                    break;
                case string s:
                    writer.WriteString(s);
                    break;
                case CanonicalJson json:
                    writer.WriteRaw(json.Utf8);
                    break;
            }
        }

        writer.WriteByte((byte)'}');
        return CanonicalJson.Trusted(writer.ToArray());
    }
}
