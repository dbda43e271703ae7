using System.Globalization;
using System.Text;

namespace EcoValue.Labels;

/// <summary>
/// A QR code as a small vector SVG: a white square (the quiet zone must stay light on coloured packaging) and one
/// path in which every horizontal run of dark modules is one stroked <c>h</c> segment. One unit is one module, so
/// the viewBox is the module count and the drawing scales to any print size without resampling.
/// </summary>
internal static class SvgQr
{
    public static byte[] Render(QrMatrix m, int pixelsPerModule)
    {
        var n = m.Size;
        var px = (n * pixelsPerModule).ToString(CultureInfo.InvariantCulture);
        var size = n.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder(4096);
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"")
            .Append(px).Append("\" height=\"").Append(px).Append("\" viewBox=\"0 0 ").Append(size).Append(' ').Append(size)
            .Append("\" shape-rendering=\"crispEdges\">\n<rect width=\"").Append(size).Append("\" height=\"").Append(size)
            .Append("\" fill=\"#fff\"/>\n<path stroke=\"#000\" stroke-width=\"1\" d=\"");
        for (var y = 0; y < n; y++)
        {
            var cursor = -1; // x where the previous run of this row ended; -1 before the first run
            var x = 0;
            while (x < n)
            {
                if (!m.IsDark(x, y))
                {
                    x++;
                    continue;
                }

                var start = x;
                while (x < n && m.IsDark(x, y))
                {
                    x++;
                }

                // The stroke runs along the middle of the module row (y + 0.5) so its width of 1 covers the row exactly.
                if (cursor < 0)
                {
                    sb.Append('M').Append(start).Append(' ').Append(y).Append(".5");
                }
                else
                {
                    sb.Append('m').Append(start - cursor).Append(" 0");
                }

                sb.Append('h').Append(x - start);
                cursor = x;
            }
        }

        sb.Append("\"/>\n</svg>\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
