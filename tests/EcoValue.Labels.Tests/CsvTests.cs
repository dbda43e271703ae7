using System.Text;
using EcoValue.Labels.Tests.Support;

namespace EcoValue.Labels.Tests;

public sealed class CsvTests
{
    [Fact]
    public async Task Rows_parse_back_to_exactly_the_codes_lot_and_product()
    {
        var codes = Codes.Varied(40);
        var header = new LabelSheetHeader("热带雨林国家公园", "白沙绿茶, \"特级\"\n春茶", "LOT-1", null);
        var bytes = await Write.AllAsync(LabelFormat.Csv, codes, header);

        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes.AsSpan(3));
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var rows = Rfc4180.Parse(text);
        Assert.Equal(["link", "text", "lot", "product"], rows[0]);
        Assert.Equal(codes.Count + 1, rows.Count);
        for (var i = 0; i < codes.Count; i++)
        {
            Assert.Equal([codes[i].Link, codes[i].Text, "LOT-1", "白沙绿茶, \"特级\"\n春茶"], rows[i + 1]);
        }
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"tea\")")]
    [InlineData("+1+2")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A2)")]
    [InlineData("\t=1")]
    public async Task A_product_or_lot_that_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe(string value)
    {
        var codes = Codes.Varied(2);
        var bytes = await Write.AllAsync(LabelFormat.Csv, codes, new LabelSheetHeader(null, value, value, null));
        var rows = Rfc4180.Parse(Encoding.UTF8.GetString(bytes.AsSpan(3)));
        Assert.All(rows.Skip(1), r => Assert.Equal(("'" + value, "'" + value), (r[2], r[3])));
        Assert.All(rows.Skip(1).Zip(codes), p => Assert.Equal((p.Second.Link, p.Second.Text), (p.First[0], p.First[1])));
    }

    [Fact]
    public async Task Harmless_values_are_left_as_they_are()
    {
        var bytes = await Write.AllAsync(LabelFormat.Csv, Codes.Varied(1), new LabelSheetHeader(null, "白沙绿茶 = 好茶", "L-1", null));
        var rows = Rfc4180.Parse(Encoding.UTF8.GetString(bytes.AsSpan(3)));
        Assert.Equal(("L-1", "白沙绿茶 = 好茶"), (rows[1][2], rows[1][3]));
    }

    [Fact]
    public async Task A_non_ascii_link_is_refused_with_its_position()
    {
        var codes = Codes.Varied(3);
        codes[1] = codes[1] with { Link = "https://ev.example/01/06901234567892/10/批次" };
        using var sink = new SinkStream();
        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            LabelWriter.WriteAsync(LabelFormat.Csv, Codes.ChineseHeader, AsyncSource.From(codes), sink, ct: TestContext.Current.CancellationToken));
        Assert.Contains("label 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("printable ASCII", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A strict RFC 4180 reader for the tests: CRLF records, quoted fields with doubled quotes.</summary>
    private static class Rfc4180
    {
        public static List<string[]> Parse(string text)
        {
            var rows = new List<string[]>();
            var row = new List<string>();
            var field = new StringBuilder();
            var i = 0;
            while (i < text.Length)
            {
                if (field.Length == 0 && text[i] == '"')
                {
                    i++;
                    while (true)
                    {
                        if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                        }
                        else if (text[i] == '"')
                        {
                            i++;
                            break;
                        }
                        else
                        {
                            field.Append(text[i++]);
                        }
                    }
                }

                if (text[i] == ',')
                {
                    row.Add(field.ToString());
                    field.Clear();
                    i++;
                }
                else if (text[i] == '\r')
                {
                    Assert.Equal('\n', text[i + 1]);
                    row.Add(field.ToString());
                    field.Clear();
                    rows.Add([.. row]);
                    row.Clear();
                    i += 2;
                }
                else
                {
                    Assert.NotEqual('"', text[i]); // a quote inside an unquoted field breaks RFC 4180
                    Assert.NotEqual('\n', text[i]); // a bare LF too
                    field.Append(text[i++]);
                }
            }

            Assert.Empty(row);
            return rows;
        }
    }
}
