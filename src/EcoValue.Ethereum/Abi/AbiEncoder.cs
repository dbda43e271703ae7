namespace EcoValue.Ethereum.Abi;

/// <summary>
/// Solidity ABI encoding (specification, "Formal Specification of the Encoding"): the standard head/tail layout
/// that <c>abi.encode</c>, calldata, return data and event data use, and the non-standard packed mode of
/// <c>abi.encodePacked</c>.
/// <para>Values: uintN/intN = <see cref="System.Numerics.BigInteger"/> (or int, long, uint, ulong, short, ushort, byte,
/// sbyte), range-checked for N bits, negative intN as two's complement; address = <see cref="Address"/>; bool = bool;
/// bytes and bytesN = byte[] (bytesN exactly N long); string = string, written as UTF-8; T[], T[k] and tuples = a list
/// (<see cref="IReadOnlyList{T}"/> of object?, object[], or any <see cref="System.Collections.IList"/> such as
/// <c>BigInteger[]</c>). <see cref="AbiDecoder"/> returns the same model with BigInteger and object?[].</para>
/// <para>With the <c>params</c> overloads an array argument must be cast to object (<c>Encode("uint8[]", (object)items)</c>),
/// or C# spreads it into separate arguments.</para>
/// A value that does not fit its type is an <see cref="AbiException"/> naming the element, e.g. "arg 1[2].field 0".
/// </summary>
public static class AbiEncoder
{
    /// <summary>Encodes values as the tuple of <paramref name="types"/>: <c>abi.encode(v1, ..., vn)</c>.</summary>
    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        if (types.Count != values.Count)
        {
            throw new AbiException($"{types.Count} types but {values.Count} values");
        }

        var buffer = new ByteBuffer(32 * (types.Count + 2));
        AppendSequence(i => types[i], values, buffer, new AbiPath(), AbiPath.Segment.Argument);
        return buffer.ToArray();
    }

    /// <summary>Encodes values for a comma-separated type list, e.g. <c>Encode("uint256,address", 5, to)</c>.</summary>
    public static byte[] Encode(string typeList, params object?[] values) => Encode(AbiType.ParseList(typeList), values);

    /// <summary>Calldata: the 4-byte selector of <paramref name="signature"/> followed by the encoded arguments.</summary>
    public static byte[] EncodeFunctionCall(string signature, params object?[] args)
    {
        var function = FunctionSignature.Parse(signature);
        var encoded = Encode(function.Parameters, args);
        var call = new byte[4 + encoded.Length];
        function.Selector.CopyTo(call, 0);
        encoded.CopyTo(call, 4);
        return call;
    }

    /// <summary>
    /// <c>abi.encodePacked</c>: value types in their natural width (no padding), bytes and string in place without a
    /// length, array elements padded to 32 bytes. As in Solidity, tuples and nested or dynamic-element arrays are refused,
    /// and the result is ambiguous across dynamic values: hash it only when the layout cannot collide.
    /// </summary>
    public static byte[] EncodePacked(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        if (types.Count != values.Count)
        {
            throw new AbiException($"{types.Count} types but {values.Count} values");
        }

        var buffer = new ByteBuffer(64);
        var path = new AbiPath();
        for (var i = 0; i < types.Count; i++)
        {
            path.PushArgument(i);
            AppendPacked(types[i], values[i], buffer, path);
            path.Pop();
        }

        return buffer.ToArray();
    }

    /// <summary>Writes one value type (uintN, intN, address, bool, bytesN) as its 32-byte word.</summary>
    internal static void WriteWord(AbiType type, object? value, Span<byte> word, AbiPath path)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.UInt or AbiTypeKind.Int:
                if (!AbiValues.TryGetInteger(value, out var integer))
                {
                    throw path.Error($"expected an integer for {type}, got {AbiValues.Describe(value)}");
                }

                if (AbiValues.CheckRange(type, integer) is { } problem)
                {
                    throw path.Error(problem);
                }

                AbiValues.WriteInteger(integer, word);
                break;
            case AbiTypeKind.Address:
                if (value is not Address address)
                {
                    throw path.Error($"expected an Address, got {AbiValues.Describe(value)}");
                }

                word[..12].Clear();
                address.Bytes.CopyTo(word[12..]);
                break;
            case AbiTypeKind.Bool:
                if (value is not bool flag)
                {
                    throw path.Error($"expected a bool, got {AbiValues.Describe(value)}");
                }

                word.Clear();
                word[31] = flag ? (byte)1 : (byte)0;
                break;
            case AbiTypeKind.FixedBytes:
                var bytes = FixedBytes(type, value, path);
                word.Clear();
                bytes.CopyTo(word);
                break;
            default:
                throw new InvalidOperationException($"{type} is not a value type");
        }
    }

    private static byte[] FixedBytes(AbiType type, object? value, AbiPath path)
    {
        if (value is not byte[] bytes)
        {
            throw path.Error($"expected byte[{type.Size}] for {type}, got {AbiValues.Describe(value)}");
        }

        return bytes.Length == type.Size
            ? bytes
            : throw path.Error($"{type} needs exactly {type.Size} bytes, got {bytes.Length}");
    }

    /// <summary>Appends enc((v1..vn)): the heads (static values in place, offsets for dynamic ones), then the tails.</summary>
    private static void AppendSequence(Func<int, AbiType> typeAt, IReadOnlyList<object?> values, ByteBuffer buffer, AbiPath path, AbiPath.Segment segment)
    {
        var start = buffer.Length;
        long headSize = 0;
        for (var i = 0; i < values.Count; i++)
        {
            headSize += typeAt(i).HeadSize;
        }

        if (headSize > Array.MaxLength)
        {
            throw path.Error("encoding would exceed the maximum array size");
        }

        buffer.Append((int)headSize);
        var head = start;
        for (var i = 0; i < values.Count; i++)
        {
            var type = typeAt(i);
            path.Push(segment, i);
            if (type.IsDynamic)
            {
                AbiValues.WriteInteger(buffer.Length - start, buffer.At(head, 32));
                AppendDynamic(type, values[i], buffer, path);
            }
            else
            {
                WriteStatic(type, values[i], buffer, head, path);
            }

            path.Pop();
            head += type.HeadSize;
        }
    }

    private static void WriteStatic(AbiType type, object? value, ByteBuffer buffer, int position, AbiPath path)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.FixedArray:
                var items = List(type, value, path);
                var element = type.Element!;
                for (var i = 0; i < items.Count; i++)
                {
                    path.PushIndex(i);
                    WriteStatic(element, items[i], buffer, position + (i * element.HeadSize), path);
                    path.Pop();
                }

                break;
            case AbiTypeKind.Tuple:
                var fields = List(type, value, path);
                for (var i = 0; i < fields.Count; i++)
                {
                    path.PushField(i);
                    WriteStatic(type.Components[i], fields[i], buffer, position, path);
                    path.Pop();
                    position += type.Components[i].HeadSize;
                }

                break;
            default:
                WriteWord(type, value, buffer.At(position, 32), path);
                break;
        }
    }

    private static void AppendDynamic(AbiType type, object? value, ByteBuffer buffer, AbiPath path)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.Bytes:
                AppendBytes(value as byte[] ?? throw path.Error($"expected byte[] for bytes, got {AbiValues.Describe(value)}"), buffer);
                break;
            case AbiTypeKind.String:
                AppendBytes(Utf8(value, path), buffer);
                break;
            case AbiTypeKind.Array:
                var items = List(type, value, path);
                AbiValues.WriteInteger(items.Count, buffer.Append(32));
                AppendSequence(_ => type.Element!, items, buffer, path, AbiPath.Segment.Index);
                break;
            case AbiTypeKind.FixedArray:
                AppendSequence(_ => type.Element!, List(type, value, path), buffer, path, AbiPath.Segment.Index);
                break;
            case AbiTypeKind.Tuple:
                AppendSequence(i => type.Components[i], List(type, value, path), buffer, path, AbiPath.Segment.Field);
                break;
            default:
                throw new InvalidOperationException($"{type} is not dynamic");
        }
    }

    private static void AppendBytes(byte[] bytes, ByteBuffer buffer)
    {
        AbiValues.WriteInteger(bytes.Length, buffer.Append(32));
        bytes.CopyTo(buffer.Append(AbiValues.PaddedLength(bytes.Length)));
    }

    private static byte[] Utf8(object? value, AbiPath path)
    {
        if (value is not string text)
        {
            throw path.Error($"expected a string, got {AbiValues.Describe(value)}");
        }

        try
        {
            return AbiValues.StrictUtf8.GetBytes(text);
        }
        catch (System.Text.EncoderFallbackException)
        {
            throw path.Error("string is not valid UTF-16 (lone surrogate), so it has no UTF-8 encoding");
        }
    }

    /// <summary>The list for an array or tuple value, with its length checked against the type.</summary>
    private static IReadOnlyList<object?> List(AbiType type, object? value, AbiPath path)
    {
        var list = AbiValues.AsList(value) ?? throw path.Error($"expected a list for {type}, got {AbiValues.Describe(value)}");
        var expected = type.Kind switch
        {
            AbiTypeKind.FixedArray => type.Size,
            AbiTypeKind.Tuple => type.Components.Count,
            _ => -1,
        };
        if (expected >= 0 && list.Count != expected)
        {
            throw path.Error($"{type} needs {expected} {(type.Kind == AbiTypeKind.Tuple ? "fields" : "elements")}, got {list.Count}");
        }

        return list;
    }

    private static void AppendPacked(AbiType type, object? value, ByteBuffer buffer, AbiPath path)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.Bytes:
                var bytes = value as byte[] ?? throw path.Error($"expected byte[] for bytes, got {AbiValues.Describe(value)}");
                bytes.CopyTo(buffer.Append(bytes.Length));
                break;
            case AbiTypeKind.String:
                var text = Utf8(value, path);
                text.CopyTo(buffer.Append(text.Length));
                break;
            case AbiTypeKind.Array or AbiTypeKind.FixedArray:
                if (!type.Element!.IsValueType)
                {
                    throw path.Error($"packed encoding supports arrays of value types only, not {type}");
                }

                var items = List(type, value, path);
                for (var i = 0; i < items.Count; i++)
                {
                    path.PushIndex(i);
                    WriteWord(type.Element, items[i], buffer.Append(32), path);
                    path.Pop();
                }

                break;
            case AbiTypeKind.Tuple:
                throw path.Error("packed encoding does not support tuples (Solidity refuses structs in abi.encodePacked)");
            default:
                Span<byte> word = stackalloc byte[32];
                WriteWord(type, value, word, path);
                var width = type.Kind switch
                {
                    AbiTypeKind.UInt or AbiTypeKind.Int => type.Size / 8,
                    AbiTypeKind.Address => 20,
                    AbiTypeKind.Bool => 1,
                    _ => type.Size,
                };
                var slice = type.Kind == AbiTypeKind.FixedBytes ? word[..width] : word[(32 - width)..];
                slice.CopyTo(buffer.Append(width));
                break;
        }
    }
}
