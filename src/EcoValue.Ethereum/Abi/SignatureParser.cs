namespace EcoValue.Ethereum.Abi;

/// <summary>
/// Reads human-readable signatures such as <c>transfer(address to, uint amount)</c> or
/// <c>event Anchored(bytes32 indexed root, uint32 leafCount) anonymous</c>: a name, a parenthesised parameter list
/// whose entries are "type [indexed] [name]", and an optional trailing word. Types inside are canonical type strings.
/// </summary>
internal static class SignatureParser
{
    public sealed record Parameter(AbiType Type, bool Indexed, string Name);

    public sealed record Parsed(string Name, IReadOnlyList<Parameter> Parameters, string Suffix)
    {
        public string Canonical => Name + "(" + string.Join(',', Parameters.Select(p => p.Type.Name)) + ")";
    }

    public static Parsed Parse(string text, string keyword)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        if (s.StartsWith(keyword + " ", StringComparison.Ordinal))
        {
            s = s[(keyword.Length + 1)..].TrimStart();
        }

        var open = s.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            throw Error(text, "expected '('");
        }

        var name = s[..open].TrimEnd();
        if (!IsIdentifier(name))
        {
            throw Error(text, $"'{name}' is not a valid name");
        }

        var close = MatchingParen(s, open) ?? throw Error(text, "unbalanced parentheses");
        var inner = s[(open + 1)..close];
        var suffix = s[(close + 1)..].Trim();
        var parameters = new List<Parameter>();
        if (inner.Trim().Length > 0)
        {
            foreach (var part in SplitTopLevel(inner))
            {
                parameters.Add(ParseParameter(text, part.Trim()));
            }
        }

        return new Parsed(name, parameters, suffix);
    }

    public static bool IsIdentifier(string name) =>
        name.Length > 0
        && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');

    private static Parameter ParseParameter(string text, string part)
    {
        if (part.Length == 0)
        {
            throw Error(text, "empty parameter");
        }

        // The type ends at the first whitespace outside parentheses; tuple types are written canonically.
        var depth = 0;
        var end = 0;
        while (end < part.Length && (depth > 0 || !char.IsWhiteSpace(part[end])))
        {
            depth += part[end] switch { '(' => 1, ')' => -1, _ => 0 };
            end++;
        }

        AbiType type;
        try
        {
            type = AbiType.Parse(part[..end]);
        }
        catch (AbiException e)
        {
            throw Error(text, e.Message);
        }

        var words = part[end..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var indexed = words.Length > 0 && words[0] == "indexed";
        var rest = indexed ? words[1..] : words;
        if (rest.Length > 1 || (rest.Length == 1 && !IsIdentifier(rest[0])))
        {
            throw Error(text, $"cannot read parameter '{part}'");
        }

        return new Parameter(type, indexed, rest.Length == 1 ? rest[0] : "");
    }

    private static int? MatchingParen(string s, int open)
    {
        var depth = 0;
        for (var i = open; i < s.Length; i++)
        {
            depth += s[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0)
            {
                return i;
            }
        }

        return null;
    }

    private static List<string> SplitTopLevel(string inner)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            depth += inner[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (inner[i] == ',' && depth == 0)
            {
                parts.Add(inner[start..i]);
                start = i + 1;
            }
        }

        parts.Add(inner[start..]);
        return parts;
    }

    private static AbiException Error(string text, string what) =>
        new($"bad signature '{(text.Length <= 200 ? text : text[..200] + "...")}': {what}");
}
