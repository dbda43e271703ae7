namespace EcoValue.Ethereum.Rlp;

/// <summary>
/// Strict RLP decoding (Yellow Paper appendix B): the input must be exactly one item in its one canonical encoding.
/// Rejected, each with an <see cref="RlpException"/> naming the offset: empty or truncated input; a length that runs
/// past the input or past the enclosing list; a single byte below 0x80 wrapped as a string (0x81 0x00..0x7f); the long
/// form used for a length below 56; a length of length with leading zeros; a list whose items do not exactly fill
/// its payload; bytes after the top item; nesting deeper than <see cref="MaxDepth"/>.
/// </summary>
public static class RlpDecoder
{
    /// <summary>Deepest list nesting accepted, so hostile input cannot exhaust the stack (transactions need 3).</summary>
    public const int MaxDepth = 128;

    /// <summary>Decodes one item that spans the whole input. The returned tree views <paramref name="input"/> without copying.</summary>
    public static RlpItem Decode(ReadOnlyMemory<byte> input) => Decode(input, 0);

    /// <summary>Decodes <c>input[start..]</c> as one item, reporting offsets within the whole of <paramref name="input"/> (e.g. after an EIP-2718 type byte).</summary>
    internal static RlpItem Decode(ReadOnlyMemory<byte> input, int start)
    {
        if (start >= input.Length)
        {
            throw new RlpException("input is empty", start);
        }

        var item = DecodeItem(input, start, input.Length, -1, 0, out var next);
        if (next != input.Length)
        {
            throw new RlpException($"{input.Length - next} trailing byte(s) after the top-level item", next);
        }

        return item;
    }

    /// <summary>Decodes one item that must be a list, as most consumers expect (transactions, headers, receipts).</summary>
    public static IReadOnlyList<RlpItem> DecodeList(ReadOnlyMemory<byte> input) => Decode(input).Items;

    /// <summary>
    /// Reads the item starting at <paramref name="position"/>, which must end by <paramref name="end"/>: the end of
    /// the input, or of the payload of the list at <paramref name="parent"/> (-1 at top level).
    /// </summary>
    private static RlpItem DecodeItem(ReadOnlyMemory<byte> input, int position, int end, int parent, int depth, out int next)
    {
        var span = input.Span;
        var prefix = span[position];
        if (prefix < 0x80)
        {
            next = position + 1;
            return RlpItem.DecodedString(input.Slice(position, 1), position);
        }

        var isList = prefix >= 0xc0;
        var shortForm = isList ? prefix <= 0xf7 : prefix <= 0xb7;
        int payloadStart;
        int length;
        if (shortForm)
        {
            payloadStart = position + 1;
            length = prefix - (isList ? 0xc0 : 0x80);
            RequireFits(length, payloadStart, end, position, parent, isList);
            if (!isList && length == 1 && span[payloadStart] < 0x80)
            {
                throw new RlpException($"single byte 0x{span[payloadStart]:x2} is below 0x80 and must encode as itself, not as a one-byte string", position);
            }
        }
        else
        {
            var lengthOfLength = prefix - (isList ? 0xf7 : 0xb7);
            payloadStart = position + 1 + lengthOfLength;
            if (lengthOfLength > end - position - 1)
            {
                throw new RlpException($"{Kind(isList)} header needs {lengthOfLength} length byte(s), only {end - position - 1} remain{Within(parent)}", position);
            }

            if (span[position + 1] == 0)
            {
                throw new RlpException($"{Kind(isList)} length has a leading zero byte (not canonical)", position);
            }

            // Up to 8 length bytes fit a ulong; compare there so a huge declared length cannot overflow an int.
            ulong declared = 0;
            foreach (var b in span.Slice(position + 1, lengthOfLength))
            {
                declared = (declared << 8) | b;
            }

            if (declared < 56)
            {
                throw new RlpException($"{Kind(isList)} of {Bytes(declared)} uses the long length form, reserved for 56 bytes or more (not canonical)", position);
            }

            if (declared > (ulong)(end - payloadStart))
            {
                throw new RlpException($"{Kind(isList)} declares {Bytes(declared)}, only {end - payloadStart} remain{Within(parent)}", position);
            }

            length = (int)declared;
        }

        next = payloadStart + length;
        if (!isList)
        {
            return RlpItem.DecodedString(input.Slice(payloadStart, length), position);
        }

        if (depth >= MaxDepth)
        {
            throw new RlpException($"lists nest deeper than {MaxDepth} levels", position);
        }

        var items = new List<RlpItem>();
        var cursor = payloadStart;
        while (cursor < next)
        {
            items.Add(DecodeItem(input, cursor, next, position, depth + 1, out cursor));
        }

        return RlpItem.DecodedList([.. items], position, length);
    }

    private static void RequireFits(int length, int payloadStart, int end, int position, int parent, bool isList)
    {
        if (length > end - payloadStart)
        {
            throw new RlpException($"{Kind(isList)} declares {Bytes((ulong)length)}, only {end - payloadStart} remain{Within(parent)}", position);
        }
    }

    private static string Bytes(ulong count) => count == 1 ? "1 byte" : $"{count} bytes";

    private static string Kind(bool isList) => isList ? "list" : "string";

    private static string Within(int parent) => parent < 0 ? " in the input" : $" in the list at offset {parent}";
}
