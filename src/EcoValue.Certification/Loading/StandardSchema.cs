using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace EcoValue.Certification;

/// <summary>
/// certification-rules/standard.schema.json (embedded at build time, so the engine and the data folder cannot
/// disagree) and the translation of its failures into located, bilingual <see cref="StandardError"/>s. The schema
/// library reports a keyword and an instance location; the message is written here from the schema's own keyword
/// value, in both languages, so an author reads "must be at least 0" rather than a validator's internals.
/// </summary>
public static class StandardSchema
{
    private static readonly Lazy<(JsonSchema Schema, JsonNode Json, string Text)> Loaded = new(Load);

    /// <summary>The schema's text as shipped in certification-rules/standard.schema.json.</summary>
    public static string Text => Loaded.Value.Text;

    internal static void Validate(JsonNode? root, SourceMap map, string file, List<StandardError> errors)
    {
        var (schema, schemaJson, _) = Loaded.Value;
        var instance = JsonSerializer.SerializeToElement(root);
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return;
        }

        var found = new List<(string Pointer, StandardError Error)>();
        foreach (var detail in Flatten(results))
        {
            // A failed "if" only means "this branch does not apply"; it is not an error of the file.
            var path = detail.EvaluationPath.ToString();
            if (detail.Errors is not { Count: > 0 } keywordErrors || path.Contains("/if/", StringComparison.Ordinal) || path.EndsWith("/if", StringComparison.Ordinal))
            {
                continue;
            }

            var pointer = detail.InstanceLocation.ToString();
            var subschemas = SchemaAt(schemaJson, root, pointer);
            foreach (var (keyword, message) in keywordErrors)
            {
                foreach (var error in Translate(keyword, message, subschemas, root, pointer, map, file))
                {
                    found.Add((error.Pointer, error.Error));
                }
            }
        }

        // A criterion whose kind is missing or unknown has no kind-specific fields to check; its other fields would
        // all read as "unknown", which buries the one real mistake.
        var badKinds = found.Where(f => f.Error.Code is "standard.unknown_kind" || (f.Error.Code == "standard.required" && f.Pointer.EndsWith("/kind", StringComparison.Ordinal)))
            .Select(f => f.Pointer[..f.Pointer.LastIndexOf('/')] + "/")
            .ToList();
        var seen = new HashSet<(string, string)>();
        foreach (var (pointer, error) in found.OrderBy(f => f.Error.Line).ThenBy(f => f.Error.Column))
        {
            if (error.Code == "standard.unknown_field" && badKinds.Any(k => pointer.StartsWith(k, StringComparison.Ordinal)))
            {
                continue;
            }

            if (seen.Add((pointer, error.Code)))
            {
                errors.Add(error);
            }
        }
    }

    private static IEnumerable<EvaluationResults> Flatten(EvaluationResults results)
    {
        yield return results;
        foreach (var detail in results.Details ?? [])
        {
            foreach (var d in Flatten(detail))
            {
                yield return d;
            }
        }
    }

    private static IEnumerable<(string Pointer, StandardError Error)> Translate(
        string keyword, string libraryMessage, List<JsonObject> subschemas, JsonNode? root, string pointer, SourceMap map, string file)
    {
        var value = subschemas.Select(s => s[keyword]).FirstOrDefault(v => v is not null);
        var instance = FieldPath.Resolve(root, pointer);
        switch (keyword)
        {
            case "required":
                var present = instance as JsonObject;
                foreach (var name in subschemas.SelectMany(s => s["required"]?.AsArray() ?? []).Select(n => n!.GetValue<string>()).Distinct())
                {
                    if (present is not null && present.ContainsKey(name))
                    {
                        continue;
                    }

                    var child = YamlJsonReader.Append(pointer, name);
                    yield return (child, At(map.ValueAt(pointer), FieldPath.FromPointer(child, root), "standard.required", "is required", "必填"));
                }

                yield break;
            case "additionalProperties" or "unevaluatedProperties" or "" or "false":
                // A closed object's extra member: JsonSchema.Net reports it against the member itself.
                yield return (pointer, At(map.KeyAt(pointer), FieldPath.FromPointer(pointer, root), "standard.unknown_field",
                    "is not a field here: check the spelling against certification-rules/README.md",
                    "此处没有这个字段：请对照 certification-rules/README.md 检查拼写"));
                yield break;
        }

        var (code, en, zh) = keyword switch
        {
            "type" => TypeMessage(value, instance),
            "enum" when pointer.EndsWith("/kind", StringComparison.Ordinal) && pointer.Contains("/criteria/", StringComparison.Ordinal) =>
                ("standard.unknown_kind", $"is not a criterion kind; use one of {List(value, ", ")}", $"不是已知的准则类型；应为以下之一：{List(value, "、")}"),
            "enum" => ("standard.enum", $"must be one of {List(value, ", ")}", $"应为以下之一：{List(value, "、")}"),
            "const" => ("standard.const", $"must be {value?.ToJsonString()}", $"应为 {value?.ToJsonString()}"),
            "pattern" => PatternMessage(value?.GetValue<string>()),
            "minimum" => ("standard.range", $"must be at least {Number(value)}", $"应不小于 {Number(value)}"),
            "maximum" => ("standard.range", $"must be at most {Number(value)}", $"应不大于 {Number(value)}"),
            "exclusiveMinimum" => ("standard.range", $"must be more than {Number(value)}", $"应大于 {Number(value)}"),
            "exclusiveMaximum" => ("standard.range", $"must be less than {Number(value)}", $"应小于 {Number(value)}"),
            "minItems" => ("standard.too_few", $"needs at least {Number(value)} item(s)", $"至少需要 {Number(value)} 项"),
            "maxItems" => ("standard.too_many", $"takes at most {Number(value)} item(s)", $"最多 {Number(value)} 项"),
            "uniqueItems" => ("standard.duplicate_item", "lists the same item twice", "列出了重复的项"),
            "minLength" => ("standard.empty", "must not be empty", "不能为空"),
            "maxLength" => ("standard.too_long", $"must be at most {Number(value)} characters", $"最多 {Number(value)} 个字符"),
            _ => ("standard.schema", libraryMessage, $"不符合模式（{keyword}）：{libraryMessage}"),
        };
        yield return (pointer, At(map.ValueAt(pointer), FieldPath.FromPointer(pointer, root), code, en, zh));

        StandardError At(TextPosition at, string field, string c, string e, string z) => new(file, at.Line, at.Column, field, c, e, z);
    }

    /// <summary>
    /// The subschemas that apply at an instance location, found by walking this schema along the instance path
    /// (properties, items, $ref, and the criterion's if/then on <c>kind</c>). The validator's own schema locations
    /// are not used: they are not stable across its versions, while this schema is ours and has no oneOf/anyOf.
    /// </summary>
    internal static List<JsonObject> SchemaAt(JsonNode schemaRoot, JsonNode? instanceRoot, string pointer)
    {
        var instance = instanceRoot;
        var current = Expand(schemaRoot, schemaRoot.AsObject(), instance);
        if (pointer.Length == 0)
        {
            return current;
        }

        foreach (var raw in pointer[1..].Split('/'))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            var next = new List<JsonObject>();
            var child = instance switch
            {
                JsonObject obj => obj.TryGetPropertyValue(segment, out var c) ? c : null,
                JsonArray array when int.TryParse(segment, out var i) && i < array.Count => array[i],
                _ => null,
            };
            foreach (var schema in current)
            {
                var sub = instance is JsonArray ? schema["items"] : schema["properties"]?[segment];
                if (sub is JsonObject subObject)
                {
                    next.AddRange(Expand(schemaRoot, subObject, child));
                }
            }

            current = next;
            instance = child;
        }

        return current;
    }

    private static List<JsonObject> Expand(JsonNode schemaRoot, JsonObject schema, JsonNode? instance)
    {
        var result = new List<JsonObject> { schema };
        if (schema["$ref"]?.GetValue<string>() is { } reference && FieldPath.Resolve(schemaRoot, reference) is JsonObject target)
        {
            result.AddRange(Expand(schemaRoot, target, instance));
        }

        foreach (var branch in schema["allOf"]?.AsArray() ?? [])
        {
            var wanted = branch?["if"]?["properties"]?["kind"]?["const"]?.GetValue<string>();
            if (wanted is not null && branch!["then"] is JsonObject then && instance?["kind"] is JsonValue kind
                && kind.GetValueKind() == JsonValueKind.String && kind.GetValue<string>() == wanted)
            {
                result.AddRange(Expand(schemaRoot, then, instance));
            }
        }

        return result;
    }

    private static (string Code, string En, string Zh) TypeMessage(JsonNode? expected, JsonNode? actual)
    {
        var want = expected?.GetValue<string>() ?? "?";
        var (wantEn, wantZh) = want switch
        {
            "string" => ("a string", "字符串"),
            "integer" => ("a whole number", "整数"),
            "number" => ("a number", "数字"),
            "boolean" => ("true or false", "true 或 false"),
            "array" => ("a list", "列表"),
            "object" => ("a mapping (key: value)", "映射（键: 值）"),
            _ => (want, want),
        };
        var (gotEn, gotZh) = actual switch
        {
            null => ("empty (null)", "空值（null）"),
            JsonObject => ("a mapping", "映射"),
            JsonArray => ("a list", "列表"),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => ("a string", "字符串"),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => ("a number", "数字"),
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => ("true/false", "布尔值"),
            _ => ("something else", "其他类型"),
        };
        if (want == "string" && actual is JsonValue scalar && scalar.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
        {
            var text = scalar.ToJsonString();
            return ("standard.type", $"must be a string, not {gotEn}: quote it in YAML ('{text}')", $"应为字符串，而不是{gotZh}：请在 YAML 中加引号（'{text}'）");
        }

        return ("standard.type", $"must be {wantEn}, not {gotEn}", $"应为{wantZh}，而不是{gotZh}");
    }

    private static (string Code, string En, string Zh) PatternMessage(string? pattern) => pattern switch
    {
        "^[a-z][a-z0-9]*(-[a-z0-9]+)*$" => ("standard.slug", "must be a lower-case slug: a-z and 0-9 in words joined by single hyphens, e.g. tropical-fruit", "应为小写标识：由 a-z、0-9 组成、以单个连字符连接，例如 tropical-fruit"),
        "^[0-9]{2}([0-9]{2}){0,2}$" => ("standard.region_prefix", "must be 2, 4 or 6 digits of a GB/T 2260 region code, e.g. '46' for Hainan (quoted)", "应为 GB/T 2260 行政区划代码的前 2、4 或 6 位数字，例如海南为 '46'（加引号）"),
        "^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$" => ("standard.month_day", "must be a month and day as MM-DD, e.g. 01-01", "应为月-日，格式 MM-DD，例如 01-01"),
        _ when pattern?.Contains("\\.", StringComparison.Ordinal) == true => ("standard.version", "must be a version major.minor.patch, e.g. 1.0.0", "应为版本号 主版本.次版本.修订号，例如 1.0.0"),
        _ => ("standard.pattern", $"does not have the expected form ({pattern})", $"格式不正确（{pattern}）"),
    };

    private static string List(JsonNode? values, string separator) =>
        values is JsonArray array ? string.Join(separator, array.Select(v => v is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : v?.ToJsonString())) : "?";

    private static string Number(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<double>(out var d) ? d.ToString(CultureInfo.InvariantCulture) : value?.ToJsonString() ?? "?";

    private static (JsonSchema, JsonNode, string) Load()
    {
        using var stream = typeof(StandardSchema).Assembly.GetManifestResourceStream("standard.schema.json")
            ?? throw new InvalidOperationException("standard.schema.json is not embedded in EcoValue.Certification");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        return (JsonSchema.FromText(text), JsonNode.Parse(text)!, text);
    }
}
