using System.Text;

namespace EcoValue.Labels;

/// <summary>
/// ZIP entry names from short codes. The mapping is one-to-one, so distinct codes never share a file: letters,
/// digits, '-' and '.' stay, every other byte (of the UTF-8 form) becomes <c>_XX</c> in hex, '_' itself included, and
/// a leading '.' is escaped so no entry is hidden. Names that still meet (the same code twice, or codes differing
/// only in case, which Windows and macOS extract to one file) get <c>~N</c> with the code's position; '~' never
/// appears in an escaped name, so the suffixed name is new too.
/// </summary>
internal sealed class SafeFileName
{
    private const int MaxStemBytes = 120;

    // Names already used, compared as Windows and macOS compare them. It holds the same string instances the
    // ZipArchive keeps for its central directory anyway, so it adds only a reference per entry.
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    public string Next(string text, long index, string extension)
    {
        var name = Escape(text) + extension;
        if (!_used.Add(name))
        {
            name = $"{Escape(text)}~{index + 1}{extension}";
            _used.Add(name);
        }

        return name;
    }

    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var i = 0; i < bytes.Length && sb.Length < MaxStemBytes; i++)
        {
            var b = bytes[i];
            var keep = b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-'
                || (b == (byte)'.' && i > 0);
            if (keep)
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('_').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.Length == 0 ? "_" : sb.ToString();
    }
}
