using System.Numerics;

namespace EcoValue.Ethereum.Abi;

/// <summary>
/// Strict Solidity ABI decoding. Decoded values: uintN/intN = <see cref="BigInteger"/>, address = <see cref="Address"/>,
/// bool = bool, bytes/bytesN = byte[], string = string, arrays and tuples = object?[].
/// Every offset and length must stay inside the data (checked in 64-bit arithmetic, before anything is allocated),
/// padding must be zero (left for uintN and address, sign extension for intN, right for bytesN/bytes/string), bool is
/// 0 or 1, strings are valid UTF-8, and no encoding may make the decoder read more bytes than the data holds (aliased
/// offsets could otherwise expand a small input exponentially). Failures are <see cref="AbiException"/>s naming the
/// element, e.g. "arg 2[3].field 1". Trailing bytes and unusual (but in-bounds) offsets are accepted, as Solidity does;
/// <see cref="DecodeCanonical"/> also refuses those.
/// </summary>
public static class AbiDecoder
{
    public static object?[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(types);
        var reader = new Reader(data);
        return reader.Sequence(i => types[i], types.Count, 0, AbiPath.Segment.Argument);
    }

    /// <summary>Decodes for a comma-separated type list, e.g. <c>Decode("uint256,address", data)</c>.</summary>
    public static object?[] Decode(string typeList, ReadOnlySpan<byte> data) => Decode(AbiType.ParseList(typeList), data);

    /// <summary>
    /// <see cref="Decode(IReadOnlyList{AbiType}, ReadOnlySpan{byte})"/>, then requires the data to be exactly the
    /// standard encoding of the result (no trailing bytes, no gaps, no reordered or shared tails): one value, one encoding.
    /// </summary>
    public static object?[] DecodeCanonical(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        var values = Decode(types, data);
        if (!AbiEncoder.Encode(types, values).AsSpan().SequenceEqual(data))
        {
            throw new AbiException("data is not the canonical encoding of its values (trailing bytes or non-standard offsets)");
        }

        return values;
    }

    /// <summary>Decodes one value type (uintN, intN, address, bool, bytesN) from its 32-byte word, e.g. an event topic.</summary>
    public static object DecodeWord(AbiType type, ReadOnlySpan<byte> word)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!type.IsValueType)
        {
            throw new AbiException($"{type} is not a single-word value type");
        }

        if (word.Length != 32)
        {
            throw new AbiException($"a word is 32 bytes, got {word.Length}");
        }

        return Word(type, word, new AbiPath());
    }

    private static object Word(AbiType type, ReadOnlySpan<byte> word, AbiPath path)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
                RequireZero(word[..(32 - (type.Size / 8))], path, $"{type} has non-zero high bytes");
                return Hex.FromBigEndian(word);
            case AbiTypeKind.Int:
                var width = type.Size / 8;
                var negative = (word[32 - width] & 0x80) != 0;
                var extension = negative ? (byte)0xFF : (byte)0;
                if (word[..(32 - width)].ContainsAnyExcept(extension))
                {
                    throw path.Error($"{type} is not properly sign-extended");
                }

                return new BigInteger(word[(32 - width)..], isUnsigned: false, isBigEndian: true);
            case AbiTypeKind.Address:
                RequireZero(word[..12], path, "address has non-zero high bytes");
                return new Address(word[12..]);
            case AbiTypeKind.Bool:
                RequireZero(word[..31], path, "bool has non-zero high bytes");
                return word[31] switch
                {
                    0 => false,
                    1 => true,
                    var b => throw path.Error($"bool must be 0 or 1, got {b}"),
                };
            case AbiTypeKind.FixedBytes:
                RequireZero(word[type.Size..], path, $"{type} has non-zero padding");
                return word[..type.Size].ToArray();
            default:
                throw new InvalidOperationException($"{type} is not a value type");
        }
    }

    private static void RequireZero(ReadOnlySpan<byte> bytes, AbiPath path, string message)
    {
        if (bytes.ContainsAnyExcept((byte)0))
        {
            throw path.Error(message);
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private readonly AbiPath _path = new();
        private long _consumed;

        /// <summary>Decodes the tuple (t0..tn-1) whose encoding starts at <paramref name="start"/>.</summary>
        public object?[] Sequence(Func<int, AbiType> typeAt, int count, int start, AbiPath.Segment segment)
        {
            long headSize = 0;
            for (var i = 0; i < count; i++)
            {
                headSize += typeAt(i).HeadSize;
            }

            if (start + headSize > _data.Length)
            {
                throw _path.Error($"data too short: the head needs {headSize} bytes at offset {start}, only {_data.Length - start} remain");
            }

            // Checked before allocating: each head byte is read once, so a head the budget cannot pay for is an alias bomb.
            if (_consumed + headSize > _data.Length)
            {
                throw AliasError();
            }

            var values = new object?[count];
            var head = start;
            for (var i = 0; i < count; i++)
            {
                var type = typeAt(i);
                _path.Push(segment, i);
                if (type.IsDynamic)
                {
                    var offset = ReadSize(head, "offset");
                    var target = start + offset;
                    if (target > _data.Length)
                    {
                        throw _path.Error($"offset {offset} points past the end of the data ({_data.Length} bytes)");
                    }

                    values[i] = Dynamic(type, (int)target);
                }
                else
                {
                    values[i] = Static(type, head);
                }

                _path.Pop();
                head += type.HeadSize;
            }

            return values;
        }

        private object? Static(AbiType type, int position) => type.Kind switch
        {
            AbiTypeKind.FixedArray => Sequence(_ => type.Element!, type.Size, position, AbiPath.Segment.Index),
            AbiTypeKind.Tuple => Sequence(i => type.Components[i], type.Components.Count, position, AbiPath.Segment.Field),
            _ => StaticWord(type, position),
        };

        private object StaticWord(AbiType type, int position)
        {
            Consume(32);
            return Word(type, _data.Slice(position, 32), _path);
        }

        private object? Dynamic(AbiType type, int position)
        {
            switch (type.Kind)
            {
                case AbiTypeKind.Bytes:
                    return ReadBytes(position);
                case AbiTypeKind.String:
                    var utf8 = ReadBytes(position);
                    try
                    {
                        return AbiValues.StrictUtf8.GetString(utf8);
                    }
                    catch (System.Text.DecoderFallbackException)
                    {
                        throw _path.Error("string is not valid UTF-8");
                    }

                case AbiTypeKind.Array:
                    var count = ReadSize(position, "array length");
                    var element = type.Element!;
                    var minimum = count * (element.IsDynamic ? 32 : element.HeadSize);
                    if (minimum > _data.Length - position - 32)
                    {
                        throw _path.Error($"array length {count} needs at least {minimum} bytes, more than the data holds");
                    }

                    return Sequence(_ => element, (int)count, position + 32, AbiPath.Segment.Index);
                case AbiTypeKind.FixedArray:
                    return Sequence(_ => type.Element!, type.Size, position, AbiPath.Segment.Index);
                default:
                    return Sequence(i => type.Components[i], type.Components.Count, position, AbiPath.Segment.Field);
            }
        }

        private byte[] ReadBytes(int position)
        {
            var length = ReadSize(position, "length");
            var padded = (length + 31) / 32 * 32;
            if (padded > _data.Length - position - 32)
            {
                throw _path.Error($"length {length} runs past the end of the data ({_data.Length - position - 32} bytes follow)");
            }

            Consume(padded);
            var content = _data.Slice(position + 32, (int)padded);
            RequireZero(content[(int)length..], _path, "bytes/string padding is not zero");
            return content[..(int)length].ToArray();
        }

        /// <summary>Reads an offset or length word as a non-negative value below 2^32 (anything larger cannot fit any data).</summary>
        private long ReadSize(int position, string what)
        {
            if (position > _data.Length - 32)
            {
                throw _path.Error($"data too short: the {what} at offset {position} is cut off");
            }

            Consume(32);
            var word = _data.Slice(position, 32);
            if (word[..28].ContainsAnyExcept((byte)0))
            {
                throw _path.Error($"{what} 0x{Convert.ToHexStringLower(word).TrimStart('0')} is far larger than the data ({_data.Length} bytes)");
            }

            return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(word[28..]);
        }

        private void Consume(long bytes)
        {
            _consumed += bytes;
            if (_consumed > _data.Length)
            {
                throw AliasError();
            }
        }

        private readonly AbiException AliasError() =>
            _path.Error($"the encoding reuses bytes to describe more data than the {_data.Length} bytes given (aliased offsets)");
    }
}
