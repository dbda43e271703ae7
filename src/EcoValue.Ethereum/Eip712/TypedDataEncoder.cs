using System.Globalization;
using System.Numerics;
using System.Text;
using EcoValue.Ethereum.Abi;

namespace EcoValue.Ethereum.Eip712;

/// <summary>
/// EIP-712 struct hashing over a set of struct types (eth_signTypedData_v4 semantics): <c>encodeType</c>,
/// <c>typeHash</c>, <c>encodeData</c> and <c>hashStruct</c> as the EIP defines them, with arrays (dynamic, fixed-size,
/// multi-dimensional, of atomic types or of structs) encoded as keccak256 of their elements' encodings concatenated.
/// Types are validated when the encoder is built; values when they are hashed.
/// <para>Values: struct = <see cref="IReadOnlyDictionary{TKey,TValue}"/> of field name to value (every declared field
/// present, no others); array = list; string = string; bytes/bytesN = byte[] or "0x" hex; address = <see cref="Address"/>
/// or its hex text (EIP-55 checked when mixed-case); bool = bool; uintN/intN = BigInteger, a .NET integer, or text
/// (decimal, optionally negative, or "0x" hex). A struct-typed field may be null: it encodes as 32 zero bytes, as v4
/// does, which is how values of recursive types (e.g. <c>Person(string name,Person mother)</c>) end.</para>
/// </summary>
public sealed class TypedDataEncoder
{
    /// <summary>Nesting bound for values, so that a cyclic object graph built in code fails cleanly instead of overflowing the stack.</summary>
    public const int MaxDepth = 64;

    internal static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private readonly Dictionary<string, TypedDataField[]> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FieldType> _fieldTypes = new(StringComparer.Ordinal);

    public TypedDataEncoder(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        foreach (var (name, fields) in types)
        {
            if (!IsStructName(name))
            {
                throw new Eip712Exception($"'{name}' cannot name a struct type: it must be an identifier and not an elementary type name");
            }

            _types[name] = [.. fields ?? throw new Eip712Exception($"type {name} has no field list")];
        }

        foreach (var (name, fields) in _types)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var field in fields)
            {
                if (field is null || !IsIdentifier(field.Name))
                {
                    throw new Eip712Exception($"type {name} has a field with an invalid name '{field?.Name}'");
                }

                if (!seen.Add(field.Name))
                {
                    throw new Eip712Exception($"type {name} declares field '{field.Name}' twice");
                }

                Resolve(field.Type, $"{name}.{field.Name}");
            }
        }
    }

    /// <summary>The declared struct types, including EIP712Domain when declared.</summary>
    public IReadOnlyCollection<string> TypeNames => _types.Keys;

    /// <summary>EIP-712 <c>encodeType</c>: the type's own definition, then every struct type it references (directly
    /// or not), each once, sorted by name. Recursive definitions are fine: a type never lists itself twice.</summary>
    public string EncodeType(string typeName)
    {
        var fields = Struct(typeName);
        var referenced = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([typeName]);
        while (pending.TryPop(out var current))
        {
            foreach (var field in _types[current])
            {
                var baseName = _fieldTypes[field.Type].BaseName;
                if (_types.ContainsKey(baseName) && baseName != typeName && referenced.Add(baseName))
                {
                    pending.Push(baseName);
                }
            }
        }

        var sb = new StringBuilder();
        Format(sb, typeName, fields);
        foreach (var name in referenced)
        {
            Format(sb, name, _types[name]);
        }

        return sb.ToString();
    }

    /// <summary>keccak256(encodeType(type)).</summary>
    public byte[] TypeHash(string typeName) => Keccak.HashUtf8(EncodeType(typeName));

    /// <summary>EIP-712 <c>encodeData</c>: typeHash followed by one 32-byte word per field, in declaration order.</summary>
    public byte[] EncodeData(string typeName, IReadOnlyDictionary<string, object?> value) => EncodeData(typeName, value, typeName, 0);

    /// <summary>EIP-712 <c>hashStruct</c>: keccak256(encodeData(value)).</summary>
    public byte[] HashStruct(string typeName, IReadOnlyDictionary<string, object?> value) => Keccak.Hash(EncodeData(typeName, value));

    private byte[] EncodeData(string typeName, IReadOnlyDictionary<string, object?> value, string path, int depth)
    {
        ArgumentNullException.ThrowIfNull(value);
        var fields = Struct(typeName);
        if (depth > MaxDepth)
        {
            throw new Eip712Exception($"{path}: value nested deeper than {MaxDepth} (a cycle?)");
        }

        foreach (var key in value.Keys)
        {
            if (!fields.Any(f => f.Name == key))
            {
                throw new Eip712Exception($"{path}: '{key}' is not a field of {typeName}");
            }
        }

        var encoded = new byte[32 * (fields.Length + 1)];
        TypeHash(typeName).CopyTo(encoded, 0);
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            var fieldPath = $"{path}.{field.Name}";
            if (!value.TryGetValue(field.Name, out var fieldValue))
            {
                throw new Eip712Exception($"{fieldPath}: missing (every declared field needs a value)");
            }

            EncodeField(_fieldTypes[field.Type], fieldValue, fieldPath, depth, encoded.AsSpan(32 * (i + 1), 32));
        }

        return encoded;
    }

    private void EncodeField(FieldType type, object? value, string path, int depth, Span<byte> word)
    {
        if (type.Dimensions.Count > 0)
        {
            var items = ToList(value) ?? throw new Eip712Exception($"{path}: expected an array for {type.Text}, got {Describe(value)}");
            var length = type.Dimensions[^1];
            if (length is { } fixedLength && items.Count != fixedLength)
            {
                throw new Eip712Exception($"{path}: {type.Text} needs {fixedLength} elements, got {items.Count}");
            }

            var element = _fieldTypes[type.ElementText!];
            var concatenated = new byte[32 * items.Count];
            for (var i = 0; i < items.Count; i++)
            {
                EncodeField(element, items[i], $"{path}[{i}]", depth + 1, concatenated.AsSpan(32 * i, 32));
            }

            Keccak.Hash(concatenated, word);
            return;
        }

        if (type.Abi is null)
        {
            switch (value)
            {
                case null:
                    word.Clear(); // v4: a missing struct is 32 zero bytes (how recursive values end)
                    return;
                case IReadOnlyDictionary<string, object?> structValue:
                    Keccak.Hash(EncodeData(type.BaseName, structValue, path, depth + 1), word);
                    return;
                default:
                    throw new Eip712Exception($"{path}: expected a {type.BaseName} struct (a name-to-value map), got {Describe(value)}");
            }
        }

        switch (type.Abi.Kind)
        {
            case AbiTypeKind.String:
                if (value is not string text)
                {
                    throw new Eip712Exception($"{path}: expected a string, got {Describe(value)}");
                }

                byte[] utf8;
                try
                {
                    utf8 = AbiValues.StrictUtf8.GetBytes(text);
                }
                catch (EncoderFallbackException)
                {
                    throw new Eip712Exception($"{path}: string is not valid UTF-16 (lone surrogate)");
                }

                Keccak.Hash(utf8, word);
                return;
            case AbiTypeKind.Bytes:
                Keccak.Hash(Bytes(value, path), word);
                return;
            default:
                try
                {
                    AbiEncoder.WriteWord(type.Abi, Atomic(type.Abi, value, path), word, new AbiPath());
                }
                catch (AbiException e)
                {
                    throw new Eip712Exception($"{path}: {e.Message}");
                }

                return;
        }
    }

    /// <summary>Brings a JSON-style value (text) to the ABI value model for an atomic type.</summary>
    private static object? Atomic(AbiType type, object? value, string path) => (type.Kind, value) switch
    {
        (AbiTypeKind.UInt or AbiTypeKind.Int, string text) => ParseInteger(text, path),
        (AbiTypeKind.Address, string text) => ParseAddress(text, path),
        (AbiTypeKind.FixedBytes, string) => Bytes(value, path),
        _ => value,
    };

    private static BigInteger ParseInteger(string text, string path)
    {
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            var hex = text.AsSpan(2);
            if (hex.Length == 0 || hex.ContainsAnyExcept(HexDigits))
            {
                throw new Eip712Exception($"{path}: '{text}' is not an integer (bad hex)");
            }

            return BigInteger.Parse(string.Concat("0", hex), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }

        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        if (digits.Length == 0 || digits.ContainsAnyExceptInRange('0', '9'))
        {
            throw new Eip712Exception($"{path}: '{text}' is not an integer (decimal, or 0x-prefixed hex)");
        }

        return BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    private static Address ParseAddress(string text, string path)
    {
        try
        {
            return Address.Parse(text);
        }
        catch (HexFormatException e)
        {
            throw new Eip712Exception($"{path}: {e.Message}");
        }
    }

    private static byte[] Bytes(object? value, string path)
    {
        switch (value)
        {
            case byte[] bytes:
                return bytes;
            case string text when text.StartsWith("0x", StringComparison.Ordinal):
                try
                {
                    return Hex.Decode(text);
                }
                catch (HexFormatException e)
                {
                    throw new Eip712Exception($"{path}: {e.Message}");
                }

            default:
                throw new Eip712Exception($"{path}: expected bytes (byte[] or 0x-prefixed hex), got {Describe(value)}");
        }
    }

    private TypedDataField[] Struct(string typeName)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        return _types.TryGetValue(typeName, out var fields) ? fields : throw new Eip712Exception($"unknown struct type '{typeName}'");
    }

    /// <summary>Parses and checks a field type string once: "Base" then "[]"/"[k]" suffixes; Base is atomic, dynamic or a declared struct.</summary>
    private FieldType Resolve(string text, string where)
    {
        if (text is null)
        {
            throw new Eip712Exception($"{where}: missing type");
        }

        if (_fieldTypes.TryGetValue(text, out var known))
        {
            return known;
        }

        FieldType resolved;
        if (text.EndsWith(']'))
        {
            var open = text.LastIndexOf('[');
            var digits = open < 0 ? "x" : text[(open + 1)..^1];
            int? length = null;
            if (digits.Length > 0)
            {
                if (digits.Length > 9 || digits[0] == '0' || !digits.All(char.IsAsciiDigit))
                {
                    throw new Eip712Exception($"{where}: malformed array type '{text}'");
                }

                length = int.Parse(digits, CultureInfo.InvariantCulture);
            }

            var element = Resolve(text[..open], where);
            resolved = element with { Text = text, ElementText = element.Text, Dimensions = [.. element.Dimensions, length] };
        }
        else if (_types.ContainsKey(text))
        {
            resolved = new FieldType(text, text, null, null, []);
        }
        else
        {
            AbiType? abi = null;
            try
            {
                abi = AbiType.Parse(text);
            }
            catch (AbiException)
            {
            }

            // EIP-712 names atomic types canonically: uint256, not uint; no tuples (structs are named types).
            if (abi is null || abi.Name != text || abi.Kind is AbiTypeKind.Tuple)
            {
                throw new Eip712Exception($"{where}: unknown type '{text}' (not a declared struct nor an EIP-712 atomic or dynamic type)");
            }

            resolved = new FieldType(text, text, null, abi, []);
        }

        _fieldTypes[text] = resolved;
        return resolved;
    }

    private static void Format(StringBuilder sb, string name, TypedDataField[] fields)
    {
        sb.Append(name).Append('(');
        for (var i = 0; i < fields.Length; i++)
        {
            sb.Append(i == 0 ? "" : ",").Append(fields[i].Type).Append(' ').Append(fields[i].Name);
        }

        sb.Append(')');
    }

    private static IReadOnlyList<object?>? ToList(object? value) => AbiValues.AsList(value is byte[] ? null : value);

    private static bool IsIdentifier(string? name) =>
        name is { Length: > 0 }
        && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');

    private static bool IsStructName(string name)
    {
        if (!IsIdentifier(name))
        {
            return false;
        }

        try
        {
            AbiType.Parse(name);
            return false;
        }
        catch (AbiException)
        {
            return true;
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"string \"{(s.Length <= 40 ? s : s[..40] + "...")}\"",
        _ => value.GetType().Name,
    };

    /// <summary>A resolved field type: the text, the element type's text for arrays, the base (atomic ABI type or struct), and array dimensions innermost first.</summary>
    private sealed record FieldType(string Text, string BaseName, string? ElementText, AbiType? Abi, IReadOnlyList<int?> Dimensions);
}
