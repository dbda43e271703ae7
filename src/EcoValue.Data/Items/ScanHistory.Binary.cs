using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using EcoValue.Domain.Verification;

namespace EcoValue.Data.Items;

// SQLite's encoding of a history (docs/verification.md, "History encoding on SQLite"): a BLOB a third the size of the
// JSON text. SQLite's scan writer rewrites every counted code's row, and those rows' pages, written to the WAL and
// again by the checkpoint, were what counting cost (docs/peers.md, "Fifth round"); smaller rows are fewer pages.
// PostgreSQL keeps the JSON text, which its upsert merges in SQL. A SQLite row written before this encoding is JSON
// text until its code is counted again; readers take either (ReadStored).
//
//   blob   = 0x01 entry*                      newest first
//   entry  = flags:u8 at:i64le scanner [lat:f64le] [lon:f64le] [place]
//   flags  = 0x01 scanner is 32 lowercase hex digits, stored as their 16 bytes (ScannerIdentity's keyed hash)
//            0x02 latitude follows, 0x04 longitude follows, 0x08 place follows; no other bit
//   at     = Unix time in milliseconds (DbTime's precision)
//   scanner (when not hex), place = length:LEB128 (at most 4 bytes, no padding) UTF-8, at most 1 MiB
public static partial class ScanHistory
{
    private const byte BinaryFormat = 0x01;
    private const byte HexScanner = 0x01, HasLatitude = 0x02, HasLongitude = 0x04, HasPlace = 0x08;
    private const int MaxText = 1 << 20;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes <paramref name="scans"/> (newest first, as given) in SQLite's binary encoding.</summary>
    public static byte[] WriteBinary(IEnumerable<ScanEntry> scans)
    {
        ArgumentNullException.ThrowIfNull(scans);
        var buffer = new ArrayBufferWriter<byte>(64);
        buffer.Write([BinaryFormat]);
        foreach (var scan in scans)
        {
            WriteEntry(buffer, scan);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads at most <paramref name="limit"/> scans of a binary history, in stored order. The whole history is checked,
    /// the scans past the limit too: anything <see cref="WriteBinary"/> never writes is refused with
    /// <see cref="FormatException"/>.
    /// </summary>
    public static List<ScanEntry> ReadBinary(ReadOnlySpan<byte> stored, int limit = int.MaxValue)
    {
        var scans = new List<ScanEntry>();
        var at = Start(stored);
        while (at < stored.Length)
        {
            var next = EntryEnd(stored, at);
            var scan = DecodeEntry(stored[at..next]);
            if (scans.Count < limit)
            {
                scans.Add(scan);
            }

            at = next;
        }

        return scans;
    }

    /// <summary>
    /// <paramref name="stored"/> (binary; empty for a code never counted) with <paramref name="newer"/> added, as
    /// <see cref="Merge"/> orders them: newest first, a tie keeps the newer scan first, at most <paramref name="keep"/>.
    /// When none of the newer scans is older than the newest stored one (the common case: scans arrive in time order)
    /// they are written in front of the stored entries, which are copied as they are up to <paramref name="keep"/>;
    /// otherwise all are read and merged. Either way the result is what the full merge writes.
    /// </summary>
    public static byte[] MergeBinary(ReadOnlySpan<byte> stored, IReadOnlyList<ScanEntry> newer, int keep)
    {
        ArgumentNullException.ThrowIfNull(newer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keep);
        // OrderByDescending is stable (List.Sort is not): at a tie the newer scans, first in the sequence, stay first.
        var added = newer.Reverse().OrderByDescending(s => s.At).Take(keep).ToList();
        var start = stored.IsEmpty ? stored.Length : Start(stored);
        if (start == stored.Length || (added.Count > 0 && UnixMilliseconds(added[^1].At) >= EntryAt(stored, start)))
        {
            var buffer = new ArrayBufferWriter<byte>(stored.Length + (added.Count * 32) + 1);
            buffer.Write([BinaryFormat]);
            foreach (var scan in added)
            {
                WriteEntry(buffer, scan);
            }

            // The stored entries that still fit, copied without decoding them (their bounds are checked).
            var end = start;
            for (var n = added.Count; n < keep && end < stored.Length; n++)
            {
                end = EntryEnd(stored, end);
            }

            buffer.Write(stored[start..end]);
            return buffer.WrittenSpan.ToArray();
        }

        var all = new List<ScanEntry>(newer.Count + 8);
        all.AddRange(newer.Reverse());
        all.AddRange(ReadBinary(stored));
        return WriteBinary(all.OrderByDescending(s => s.At).Take(keep));
    }

    private static void WriteEntry(ArrayBufferWriter<byte> buffer, ScanEntry scan)
    {
        var hex = IsLowerHex(scan.Scanner, 32);
        var flags = (byte)((hex ? HexScanner : 0) | (scan.Latitude is null ? 0 : HasLatitude) | (scan.Longitude is null ? 0 : HasLongitude) | (scan.Place is null ? 0 : HasPlace));
        var span = buffer.GetSpan(9);
        span[0] = flags;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], UnixMilliseconds(scan.At));
        buffer.Advance(9);
        if (hex)
        {
            Convert.FromHexString(scan.Scanner, buffer.GetSpan(16), out _, out _);
            buffer.Advance(16);
        }
        else
        {
            WriteText(buffer, scan.Scanner);
        }

        WriteCoordinate(buffer, scan.Latitude);
        WriteCoordinate(buffer, scan.Longitude);
        if (scan.Place is { } place)
        {
            WriteText(buffer, place);
        }
    }

    private static void WriteCoordinate(ArrayBufferWriter<byte> buffer, double? value)
    {
        if (value is { } v)
        {
            // JSON, the other encoding, cannot hold these either; a scan never has them (ScannerIdentity).
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("a scan's coordinate must be a finite number", nameof(value));
            }

            BinaryPrimitives.WriteDoubleLittleEndian(buffer.GetSpan(8), v);
            buffer.Advance(8);
        }
    }

    private static void WriteText(ArrayBufferWriter<byte> buffer, string text)
    {
        // Encoding.UTF8 writes a lone surrogate (never sent by ScannerIdentity) as U+FFFD, as SQLite does for the same
        // text in the log's row: a count must never fail on a scan's text, or it would fail on every retry.
        var length = Encoding.UTF8.GetByteCount(text);
        if (length > MaxText)
        {
            throw new ArgumentException($"a scan's text is longer than {MaxText} bytes", nameof(text));
        }

        for (var v = (uint)length; ; v >>= 7)
        {
            buffer.Write([(byte)(v < 0x80 ? v : (v & 0x7F) | 0x80)]);
            if (v < 0x80)
            {
                break;
            }
        }

        buffer.Advance(Encoding.UTF8.GetBytes(text, buffer.GetSpan(length)));
    }

    // The millisecond DbTime stores (it cuts the rest, as does this).
    private static long UnixMilliseconds(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static int Start(ReadOnlySpan<byte> stored) =>
        stored.Length > 0 && stored[0] == BinaryFormat ? 1 : throw new FormatException("a stored scan history is not in the binary encoding (format 1)");

    // The time of the entry at <paramref name="at"/>, which must be a whole entry.
    private static long EntryAt(ReadOnlySpan<byte> stored, int at)
    {
        var end = EntryEnd(stored, at);
        return BinaryPrimitives.ReadInt64LittleEndian(stored[(at + 1)..end]);
    }

    // Where the entry starting at <paramref name="at"/> ends; its flags and lengths checked, not its contents.
    private static int EntryEnd(ReadOnlySpan<byte> stored, int at)
    {
        var flags = stored[at];
        if ((flags & ~(HexScanner | HasLatitude | HasLongitude | HasPlace)) != 0)
        {
            throw new FormatException("a stored scan has flags the binary encoding does not define");
        }

        var end = at + 9;
        end = (flags & HexScanner) != 0 ? end + 16 : TextEnd(stored, end);
        end += ((flags & HasLatitude) != 0 ? 8 : 0) + ((flags & HasLongitude) != 0 ? 8 : 0);
        if ((flags & HasPlace) != 0)
        {
            end = TextEnd(stored, end);
        }

        return end <= stored.Length ? end : throw new FormatException("a stored scan history ends inside a scan");
    }

    private static int TextEnd(ReadOnlySpan<byte> stored, int at)
    {
        var (length, start) = TextLength(stored, at);
        return start + length;
    }

    private static (int Length, int Start) TextLength(ReadOnlySpan<byte> stored, int at)
    {
        uint length = 0;
        for (var shift = 0; shift < 28; shift += 7)
        {
            if (at >= stored.Length)
            {
                throw new FormatException("a stored scan history ends inside a length");
            }

            var b = stored[at++];
            length |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                // One encoding per length: no padding byte 0x80 … 0x00 (which Write never writes).
                return length <= MaxText && (b != 0 || shift == 0) ? ((int)length, at) : throw new FormatException("a stored scan's text length is not as written");
            }
        }

        throw new FormatException("a stored scan's text length is not as written");
    }

    private static ScanEntry DecodeEntry(ReadOnlySpan<byte> entry)
    {
        var flags = entry[0];
        DateTimeOffset at;
        try
        {
            at = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(entry[1..]));
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException("a stored scan's time is out of range", e);
        }

        var p = 9;
        string scanner;
        if ((flags & HexScanner) != 0)
        {
            scanner = Convert.ToHexStringLower(entry.Slice(p, 16));
            p += 16;
        }
        else
        {
            scanner = ReadText(entry, ref p);
        }

        var lat = (flags & HasLatitude) != 0 ? ReadCoordinate(entry, ref p) : (double?)null;
        var lon = (flags & HasLongitude) != 0 ? ReadCoordinate(entry, ref p) : (double?)null;
        var place = (flags & HasPlace) != 0 ? ReadText(entry, ref p) : null;
        return new ScanEntry(at, scanner, lat, lon, place);
    }

    private static double ReadCoordinate(ReadOnlySpan<byte> entry, ref int p)
    {
        var v = BinaryPrimitives.ReadDoubleLittleEndian(entry[p..]);
        p += 8;
        return double.IsFinite(v) ? v : throw new FormatException("a stored scan's coordinate is not a finite number");
    }

    private static string ReadText(ReadOnlySpan<byte> entry, ref int p)
    {
        var (length, start) = TextLength(entry, p);
        p = start + length;
        try
        {
            return StrictUtf8.GetString(entry.Slice(start, length));
        }
        catch (DecoderFallbackException e)
        {
            throw new FormatException("a stored scan's text is not UTF-8", e);
        }
    }

    private static bool IsLowerHex(string text, int length)
    {
        if (text.Length != length)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }

        return true;
    }
}
