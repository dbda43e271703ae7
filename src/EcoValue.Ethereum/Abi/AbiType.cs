using System.Globalization;
using System.Text;

namespace EcoValue.Ethereum.Abi;

/// <summary>The kinds of type the Solidity ABI specification defines (fixed-point and function types excepted).</summary>
public enum AbiTypeKind
{
    UInt,
    Int,
    Address,
    Bool,
    FixedBytes,
    Bytes,
    String,
    Array,
    FixedArray,
    Tuple,
}

/// <summary>
/// A Solidity ABI type, parsed from its canonical string ("uint256", "bytes32", "(address,uint8[2])[]", ...).
/// See the Solidity ABI specification, "Formal Specification of the Encoding". <c>uint</c>/<c>int</c> are read as
/// <c>uint256</c>/<c>int256</c> and <see cref="ToString"/> always gives the canonical name (what selectors hash).
/// Immutable; instances can be shared and compared by <see cref="Equals(AbiType)"/>.
/// </summary>
public sealed class AbiType : IEquatable<AbiType>
{
    /// <summary>Deeper nesting than any real contract uses; the bound keeps the recursive parser and codecs off the stack limit.</summary>
    public const int MaxDepth = 32;

    private static readonly AbiType[] NoComponents = [];

    private AbiType(AbiTypeKind kind, int size, AbiType? element, AbiType[] components)
    {
        Kind = kind;
        Size = size;
        Element = element;
        Components = components;
        IsDynamic = kind switch
        {
            AbiTypeKind.Bytes or AbiTypeKind.String or AbiTypeKind.Array => true,
            AbiTypeKind.FixedArray => element!.IsDynamic,
            AbiTypeKind.Tuple => components.Any(c => c.IsDynamic),
            _ => false,
        };
        HeadSize = IsDynamic ? 32 : kind switch
        {
            AbiTypeKind.FixedArray => CheckedSize((long)element!.HeadSize * size),
            AbiTypeKind.Tuple => CheckedSize(components.Sum(c => (long)c.HeadSize)),
            _ => 32,
        };
        Name = kind switch
        {
            AbiTypeKind.UInt => "uint" + size.ToString(CultureInfo.InvariantCulture),
            AbiTypeKind.Int => "int" + size.ToString(CultureInfo.InvariantCulture),
            AbiTypeKind.Address => "address",
            AbiTypeKind.Bool => "bool",
            AbiTypeKind.FixedBytes => "bytes" + size.ToString(CultureInfo.InvariantCulture),
            AbiTypeKind.Bytes => "bytes",
            AbiTypeKind.String => "string",
            AbiTypeKind.Array => element!.Name + "[]",
            AbiTypeKind.FixedArray => element!.Name + "[" + size.ToString(CultureInfo.InvariantCulture) + "]",
            _ => "(" + string.Join(',', components.Select(c => c.Name)) + ")",
        };
    }

    public AbiTypeKind Kind { get; }

    /// <summary>Bits for uintN/intN, bytes for bytesN, length for T[k]; 0 otherwise.</summary>
    public int Size { get; }

    /// <summary>The element type of T[] and T[k].</summary>
    public AbiType? Element { get; }

    /// <summary>The component types of a tuple; empty for every other kind.</summary>
    public IReadOnlyList<AbiType> Components { get; }

    /// <summary>True when the encoding is referenced by an offset from the head (bytes, string, T[], and anything containing them).</summary>
    public bool IsDynamic { get; }

    /// <summary>Bytes the type takes in the head of an enclosing tuple: 32 for dynamic types, the full encoding for static ones.</summary>
    public int HeadSize { get; }

    /// <summary>The canonical type string.</summary>
    public string Name { get; }

    /// <summary>True for uintN/intN/address/bool/bytesN: one 32-byte word, usable as an indexed event topic directly.</summary>
    public bool IsValueType => Kind is AbiTypeKind.UInt or AbiTypeKind.Int or AbiTypeKind.Address or AbiTypeKind.Bool or AbiTypeKind.FixedBytes;

    public static AbiType UInt(int bits) => new(AbiTypeKind.UInt, CheckIntBits(bits), null, NoComponents);

    public static AbiType Int(int bits) => new(AbiTypeKind.Int, CheckIntBits(bits), null, NoComponents);

    public static AbiType Address { get; } = new(AbiTypeKind.Address, 0, null, NoComponents);

    public static AbiType Bool { get; } = new(AbiTypeKind.Bool, 0, null, NoComponents);

    public static AbiType Bytes { get; } = new(AbiTypeKind.Bytes, 0, null, NoComponents);

    public static AbiType String { get; } = new(AbiTypeKind.String, 0, null, NoComponents);

    public static AbiType FixedBytes(int length) => length is >= 1 and <= 32
        ? new(AbiTypeKind.FixedBytes, length, null, NoComponents)
        : throw new AbiException($"bytesN needs 1 <= N <= 32, got {length}");

    public static AbiType ArrayOf(AbiType element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return new(AbiTypeKind.Array, 0, element, NoComponents);
    }

    public static AbiType FixedArrayOf(AbiType element, int length)
    {
        ArgumentNullException.ThrowIfNull(element);
        return length >= 1
            ? new(AbiTypeKind.FixedArray, length, element, NoComponents)
            : throw new AbiException($"a fixed-size array needs a length >= 1, got {length}");
    }

    public static AbiType Tuple(params AbiType[] components)
    {
        ArgumentNullException.ThrowIfNull(components);
        return components.Length > 0
            ? new(AbiTypeKind.Tuple, 0, null, [.. components])
            : throw new AbiException("a tuple needs at least one component (Solidity has no empty structs)");
    }

    /// <summary>Parses a canonical type string (no spaces; <c>uint</c>/<c>int</c> allowed as aliases of the 256-bit types).</summary>
    /// <exception cref="AbiException">anything else, with the position of the problem.</exception>
    public static AbiType Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        var type = parser.ParseType(0);
        parser.ExpectEnd();
        return type;
    }

    /// <summary>Parses a comma-separated list of canonical types, as inside a signature's parentheses; "" is the empty list.</summary>
    public static IReadOnlyList<AbiType> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        var parser = new Parser(text);
        var list = parser.ParseList(0, endsWithParen: false);
        parser.ExpectEnd();
        return list;
    }

    public override string ToString() => Name;

    public bool Equals(AbiType? other) => other is not null && other.Name == Name;

    public override bool Equals(object? obj) => Equals(obj as AbiType);

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    private static int CheckIntBits(int bits) => bits is >= 8 and <= 256 && bits % 8 == 0
        ? bits
        : throw new AbiException($"uintN/intN need N in 8..256 in steps of 8, got {bits}");

    private static int CheckedSize(long size) => size <= int.MaxValue / 2
        ? (int)size
        : throw new AbiException("type is too large: its static encoding exceeds 1 GiB");

    /// <summary>Recursive descent over the grammar: type = base ("[" digits? "]")*; base = elementary | "(" type ("," type)* ")".</summary>
    private sealed class Parser(string text)
    {
        private int _pos;

        public AbiType ParseType(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error($"nesting deeper than {MaxDepth}");
            }

            var type = Peek() == '(' ? ParseTuple(depth) : ParseElementary();
            var suffixes = 0;
            while (Peek() == '[')
            {
                if (++suffixes + depth > MaxDepth)
                {
                    throw Error($"nesting deeper than {MaxDepth}");
                }

                _pos++;
                var start = _pos;
                while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
                {
                    _pos++;
                }

                var digits = text.AsSpan(start, _pos - start);
                if (Peek() != ']')
                {
                    throw Error("expected digits or ']'");
                }

                _pos++;
                type = digits.Length == 0 ? ArrayOf(type) : FixedArrayOf(type, ParseCount(digits, start));
            }

            return type;
        }

        public List<AbiType> ParseList(int depth, bool endsWithParen)
        {
            var list = new List<AbiType> { ParseType(depth) };
            while (Peek() == ',')
            {
                _pos++;
                list.Add(ParseType(depth));
            }

            if (endsWithParen && Peek() != ')')
            {
                throw Error("expected ',' or ')'");
            }

            return list;
        }

        public void ExpectEnd()
        {
            if (_pos != text.Length)
            {
                throw Error("unexpected character");
            }
        }

        private AbiType ParseTuple(int depth)
        {
            _pos++; // '('
            if (Peek() == ')')
            {
                throw Error("empty tuple");
            }

            var components = ParseList(depth + 1, endsWithParen: true);
            _pos++; // ')'
            return Tuple([.. components]);
        }

        private AbiType ParseElementary()
        {
            var start = _pos;
            while (_pos < text.Length && char.IsAsciiLetterLower(text[_pos]))
            {
                _pos++;
            }

            var word = text[start.._pos];
            var digitStart = _pos;
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
            {
                _pos++;
            }

            var digits = text.AsSpan(digitStart, _pos - digitStart);
            if (digits.Length == 0)
            {
                return word switch
                {
                    "uint" => UInt(256),
                    "int" => Int(256),
                    "address" => Address,
                    "bool" => Bool,
                    "bytes" => Bytes,
                    "string" => String,
                    "" => throw Error("expected a type"),
                    "fixed" or "ufixed" or "function" => throw Error($"'{word}' types are not supported"),
                    _ => throw Error($"unknown type '{word}'"),
                };
            }

            var n = ParseCount(digits, digitStart);
            try
            {
                return word switch
                {
                    "uint" => UInt(n),
                    "int" => Int(n),
                    "bytes" => FixedBytes(n),
                    "fixed" or "ufixed" => throw Error($"'{word}' types are not supported"),
                    _ => throw Error($"unknown type '{word}{digits}'"),
                };
            }
            catch (AbiException e) when (!e.Message.StartsWith("bad ABI type", StringComparison.Ordinal))
            {
                throw Error(e.Message, start);
            }
        }

        private int ParseCount(ReadOnlySpan<char> digits, int at)
        {
            // Canonical numbers only: no leading zeros (so "uint08" or "T[01]" never alias a canonical name).
            if ((digits.Length > 1 && digits[0] == '0') || digits.Length > 9)
            {
                throw Error($"'{digits}' is not a canonical size", at);
            }

            return int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private AbiException Error(string what, int? at = null)
        {
            var position = at ?? _pos;
            var sb = new StringBuilder("bad ABI type '").Append(text.Length <= 200 ? text : text[..200] + "...")
                .Append("' at position ").Append(position).Append(": ").Append(what);
            return new AbiException(sb.ToString());
        }
    }
}
