using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EcoValue.Certification;

/// <summary>A 1-based line and column in a YAML text.</summary>
internal readonly record struct TextPosition(int Line, int Column)
{
    public static TextPosition From(Mark mark) => new(checked((int)mark.Line), checked((int)mark.Column));
}

/// <summary>Where each JSON value came from in the YAML text, by JSON Pointer (RFC 6901): the value's start and, for a mapping member, its key's.</summary>
internal sealed class SourceMap
{
    private readonly Dictionary<string, (TextPosition Value, TextPosition? Key)> _positions = new(StringComparer.Ordinal);

    public void Add(string pointer, TextPosition value, TextPosition? key) => _positions[pointer] = (value, key);

    /// <summary>The value's position, or the nearest enclosing value's when the pointer names something absent.</summary>
    public TextPosition ValueAt(string pointer) => Find(pointer).Value;

    /// <summary>The key's position for a mapping member (where "unknown field" belongs), else the value's.</summary>
    public TextPosition KeyAt(string pointer)
    {
        var found = Find(pointer);
        return found.Key ?? found.Value;
    }

    private (TextPosition Value, TextPosition? Key) Find(string pointer)
    {
        for (var p = pointer; ; p = p[..p.LastIndexOf('/')])
        {
            if (_positions.TryGetValue(p, out var found))
            {
                return found;
            }

            if (p.Length == 0)
            {
                return (new TextPosition(1, 1), null);
            }
        }
    }
}

/// <summary>
/// Reads one YAML document into a JSON tree, keeping the position of every value. Built on YamlDotNet's event
/// parser rather than its representation model so that what this format does not allow is refused where it is
/// written, before any alias is expanded: anchors, aliases, explicit tags, duplicate keys, non-scalar keys and
/// more than one document. Plain scalars are resolved by the YAML 1.2 core schema (null, true/false, decimal
/// integers and floats; everything else is a string); quoted and block scalars are always strings. Hexadecimal and
/// octal integers, .inf and .nan are refused rather than resolved, since the JSON form has no place for them.
/// </summary>
internal static partial class YamlJsonReader
{
    public const int MaxDepth = 32;

    /// <summary>Largest integer a double holds exactly (2^53): beyond it two different texts could hash the same.</summary>
    private const double MaxExactInteger = 9007199254740992d;

    public static JsonNode? Read(string text, string file, SourceMap map, List<StandardError> errors)
    {
        var reader = new Reader(file, map, errors);
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                errors.Add(new StandardError(file, 1, 1, string.Empty, "yaml.empty", "The file holds no YAML document.", "文件中没有 YAML 文档。"));
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = reader.ReadNode(parser, string.Empty, null, 0);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                var at = TextPosition.From(second.Start);
                errors.Add(new StandardError(file, at.Line, at.Column, string.Empty, "yaml.multiple_documents", "A standard file holds exactly one YAML document; remove the second '---'.", "一个标准文件只能包含一个 YAML 文档；请删除第二个“---”。"));
            }

            return root;
        }
        catch (YamlException e)
        {
            var at = TextPosition.From(e.Start);
            errors.Add(new StandardError(file, at.Line, at.Column, string.Empty, "yaml.syntax", $"YAML syntax error: {e.Message}", $"YAML 语法错误：{e.Message}"));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 18.1's scanner throws this (not a YamlException) on some malformed flow collections, e.g. an
            // unclosed '[' followed by a block mapping; the last event read is the best position we have.
            var at = reader.Last;
            errors.Add(new StandardError(file, at.Line, at.Column, string.Empty, "yaml.syntax", "YAML syntax error after this point: check brackets, quotes and indentation.", "此处之后有 YAML 语法错误：请检查括号、引号和缩进。"));
            return null;
        }
    }

    /// <summary>Appends a member name or array index to a JSON Pointer, escaping '~' and '/' (RFC 6901 §3).</summary>
    public static string Append(string pointer, string token) => pointer + "/" + token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalFloat();

    [GeneratedRegex(@"^(0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex UnsupportedNumber();

    private sealed class Reader(string file, SourceMap map, List<StandardError> errors)
    {
        /// <summary>Where the last node read started (for an error the parser cannot place).</summary>
        public TextPosition Last { get; private set; } = new(1, 1);

        public JsonNode? ReadNode(IParser parser, string pointer, TextPosition? key, int depth)
        {
            if (parser.Current is { } current)
            {
                Last = TextPosition.From(current.Start);
            }

            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                Error(alias.Start, pointer, "yaml.alias", $"An alias (*{alias.Value}) is not allowed in a standard file: write the value out, so the text says exactly what is judged.", $"标准文件中不允许使用别名（*{alias.Value}）：请直接写出取值，使文本准确表达评判依据。");
                map.Add(pointer, TextPosition.From(alias.Start), key);
                return null;
            }

            var node = parser.Consume<NodeEvent>();
            var at = TextPosition.From(node.Start);
            map.Add(pointer, at, key);
            if (!node.Anchor.IsEmpty)
            {
                Error(node.Start, pointer, "yaml.anchor", $"An anchor (&{node.Anchor}) is not allowed in a standard file.", $"标准文件中不允许使用锚点（&{node.Anchor}）。");
            }

            if (!node.Tag.IsEmpty)
            {
                Error(node.Start, pointer, "yaml.tag", $"A tag ({node.Tag}) is not allowed in a standard file; plain YAML types only.", $"标准文件中不允许使用标签（{node.Tag}）；只能使用普通 YAML 类型。");
            }

            if (depth >= MaxDepth && node is not Scalar)
            {
                Error(node.Start, pointer, "yaml.too_deep", $"Nesting deeper than {MaxDepth} levels.", $"嵌套超过 {MaxDepth} 层。");

                // The collection's start is consumed already: skip to its matching end.
                for (var level = 1; level > 0;)
                {
                    level += parser.Consume<ParsingEvent>().NestingIncrease;
                }

                return null;
            }

            return node switch
            {
                Scalar scalar => ReadScalar(scalar, pointer),
                SequenceStart => ReadSequence(parser, pointer, depth),
                MappingStart => ReadMapping(parser, pointer, depth),
                _ => throw new InvalidOperationException($"unexpected YAML event {node.GetType().Name}"),
            };
        }

        private JsonArray ReadSequence(IParser parser, string pointer, int depth)
        {
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(parser, Append(pointer, array.Count.ToString(CultureInfo.InvariantCulture)), null, depth + 1));
            }

            return array;
        }

        private JsonObject ReadMapping(IParser parser, string pointer, int depth)
        {
            var obj = new JsonObject();
            var keys = new Dictionary<string, TextPosition>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                if (!parser.TryConsume<Scalar>(out var keyScalar))
                {
                    var bad = parser.Current!;
                    Error(bad.Start, pointer, "yaml.key", "A mapping key must be a plain or quoted string, not a list, a mapping or an alias.", "映射的键必须是普通或带引号的字符串，不能是列表、映射或别名。");
                    parser.SkipThisAndNestedEvents();
                    parser.SkipThisAndNestedEvents();
                    continue;
                }

                var keyAt = TextPosition.From(keyScalar.Start);
                if (!keyScalar.Anchor.IsEmpty || !keyScalar.Tag.IsEmpty)
                {
                    Error(keyScalar.Start, pointer, "yaml.key", "A mapping key must not carry an anchor or a tag.", "映射的键不能带锚点或标签。");
                }

                var name = keyScalar.Value;
                var child = Append(pointer, name);
                if (keys.TryGetValue(name, out var first))
                {
                    Error(keyScalar.Start, child, "yaml.duplicate_key", $"'{name}' appears twice in this mapping (first on line {first.Line}); a key may appear once.", $"“{name}”在此映射中出现了两次（第一次在第 {first.Line} 行）；每个键只能出现一次。");
                    parser.SkipThisAndNestedEvents();
                    continue;
                }

                keys.Add(name, keyAt);
                obj[name] = ReadNode(parser, child, keyAt, depth + 1);
            }

            return obj;
        }

        private JsonValue? ReadScalar(Scalar scalar, string pointer)
        {
            var text = scalar.Value;
            if (scalar.Style != ScalarStyle.Plain)
            {
                return JsonValue.Create(text);
            }

            switch (text)
            {
                case "" or "~" or "null" or "Null" or "NULL":
                    return null;
                case "true" or "True" or "TRUE":
                    return JsonValue.Create(true);
                case "false" or "False" or "FALSE":
                    return JsonValue.Create(false);
            }

            if (UnsupportedNumber().IsMatch(text))
            {
                Error(scalar.Start, pointer, "yaml.number", $"'{text}' is not supported: write numbers in decimal, and finite.", $"不支持“{text}”：数字须以十进制书写，且为有限值。");
                return null;
            }

            if (DecimalInteger().IsMatch(text) || DecimalFloat().IsMatch(text))
            {
                var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (!double.IsFinite(value) || Math.Abs(value) > MaxExactInteger)
                {
                    Error(scalar.Start, pointer, "yaml.number", $"{text} is out of range (at most 2^53 in size).", $"{text} 超出范围（绝对值不超过 2^53）。");
                    return null;
                }

                // One JSON value per number: 5, 5.0 and 5e0 all become the integer 5 (JCS would print them alike anyway).
                return value == Math.Floor(value) ? JsonValue.Create((long)value) : JsonValue.Create(value);
            }

            return JsonValue.Create(text);
        }

        private void Error(Mark mark, string pointer, string code, string en, string zh)
        {
            var at = TextPosition.From(mark);
            errors.Add(new StandardError(file, at.Line, at.Column, FieldPath.FromPointer(pointer), code, en, zh));
        }
    }
}
