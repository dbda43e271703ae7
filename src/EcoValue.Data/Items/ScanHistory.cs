using System.Buffers;
using System.Text;
using System.Text.Json;
using EcoValue.Domain.Verification;

namespace EcoValue.Data.Items;

/// <summary>
/// The newest scans of one code as stored in its scan_totals row (column <c>recent</c>, migration 12): on PostgreSQL a
/// JSON array, newest first, of <c>[at, scanner_hash, lat, lon, place]</c> with <c>at</c> as <see cref="DbTime"/> text;
/// on SQLite the same in a compact binary encoding (<see cref="WriteBinary"/>, ScanHistory.Binary.cs). One row per
/// scanned code holds what a scan answer reads of the log, so logging a scan changes one row (one random page) instead
/// of a row and an index entry, and the answer reads it with the item's own lookup (docs/verification.md, "Scan log").
/// </summary>
public static partial class ScanHistory
{
    /// <summary>The empty history (a code never scanned; the column's default).</summary>
    public const string Empty = "[]";

    /// <summary>Writes <paramref name="scans"/> (newest first, as given) as stored.</summary>
    public static string Write(IEnumerable<ScanEntry> scans)
    {
        ArgumentNullException.ThrowIfNull(scans);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var s in scans)
            {
                w.WriteStartArray();
                w.WriteStringValue(DbTime.ToText(s.At));
                w.WriteStringValue(s.Scanner);
                WriteNumber(w, s.Latitude);
                WriteNumber(w, s.Longitude);
                if (s.Place is null)
                {
                    w.WriteNullValue();
                }
                else
                {
                    w.WriteStringValue(s.Place);
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Reads at most <paramref name="limit"/> scans of a stored history, in stored order. A history that is not what
    /// <see cref="Write"/> writes is refused with <see cref="FormatException"/> (the column is ours alone).
    /// </summary>
    public static List<ScanEntry> Read(string stored, int limit = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var scans = new List<ScanEntry>();
        var r = new Utf8JsonReader(Encoding.UTF8.GetBytes(stored));
        try
        {
            Expect(ref r, JsonTokenType.StartArray);
            while (Next(ref r) != JsonTokenType.EndArray)
            {
                if (r.TokenType != JsonTokenType.StartArray)
                {
                    throw new FormatException("a stored scan is not an array");
                }

                Expect(ref r, JsonTokenType.String);
                var at = DbTime.Parse(r.GetString()!);
                Expect(ref r, JsonTokenType.String);
                var scanner = r.GetString()!;
                var lat = Number(ref r);
                var lon = Number(ref r);
                var place = Next(ref r) switch
                {
                    JsonTokenType.Null => null,
                    JsonTokenType.String => r.GetString(),
                    _ => throw new FormatException("a stored scan's place is neither text nor null"),
                };
                Expect(ref r, JsonTokenType.EndArray);
                if (scans.Count < limit)
                {
                    scans.Add(new ScanEntry(at, scanner, lat, lon, place));
                }
            }
        }
        catch (JsonException e)
        {
            throw new FormatException("a stored scan history is not JSON", e);
        }

        return scans;
    }

    /// <summary>
    /// <paramref name="stored"/> with <paramref name="newer"/> added: newest first (by time; a tie keeps the newer
    /// scan first), at most <paramref name="keep"/>.
    /// </summary>
    public static string Merge(string? stored, IReadOnlyList<ScanEntry> newer, int keep)
    {
        ArgumentNullException.ThrowIfNull(newer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keep);
        var all = new List<ScanEntry>(newer.Count + 8);
        all.AddRange(newer.Reverse());
        if (stored is not null)
        {
            all.AddRange(Read(stored));
        }

        // OrderByDescending is stable (List.Sort is not): at a tie the newer scans, first in the list, stay first.
        return Write(all.OrderByDescending(s => s.At).Take(keep));
    }

    /// <summary>
    /// The history in column <paramref name="column"/> of the current row, at most <paramref name="limit"/> scans:
    /// binary (<see cref="ReadBinary"/>, SQLite) or JSON text (<see cref="Read"/>: PostgreSQL, and a SQLite row not
    /// counted since the binary encoding came); none when NULL.
    /// </summary>
    public static List<ScanEntry> ReadStored(ISqlRows rows, int column, int limit = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.IsNull(column) ? [] : rows.IsBytes(column) ? ReadBinary(rows.GetBytes(column), limit) : Read(rows.GetString(column), limit);
    }

    private static void WriteNumber(Utf8JsonWriter w, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumberValue(v);
        }
        else
        {
            w.WriteNullValue();
        }
    }

    private static double? Number(ref Utf8JsonReader r) => Next(ref r) switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number => r.GetDouble(),
        _ => throw new FormatException("a stored scan's coordinate is neither a number nor null"),
    };

    private static JsonTokenType Next(ref Utf8JsonReader r) =>
        r.Read() ? r.TokenType : throw new FormatException("a stored scan history ends early");

    private static void Expect(ref Utf8JsonReader r, JsonTokenType type)
    {
        if (Next(ref r) != type)
        {
            throw new FormatException($"a stored scan history has {r.TokenType} where {type} belongs");
        }
    }
}
