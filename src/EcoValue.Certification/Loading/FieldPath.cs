using System.Text;
using System.Text.Json.Nodes;

namespace EcoValue.Certification;

/// <summary>
/// Turns a JSON Pointer (<c>/criteria/2/max_mg_per_kg</c>) into the field path errors show
/// (<c>criteria[2].max_mg_per_kg</c>), the same notation the domain's <c>FieldError</c> uses.
/// </summary>
internal static class FieldPath
{
    /// <summary>
    /// The field path of a pointer. With <paramref name="root"/>, a segment is an index exactly when it steps into an
    /// array; without it, an all-digit segment is taken as an index (standard files never use numeric keys).
    /// </summary>
    public static string FromPointer(string pointer, JsonNode? root = null)
    {
        if (pointer.Length == 0)
        {
            return string.Empty;
        }

        var path = new StringBuilder();
        var node = root;
        foreach (var raw in pointer[1..].Split('/'))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            var isIndex = node is JsonArray || (root is null && segment.Length > 0 && segment.All(char.IsAsciiDigit));
            if (isIndex)
            {
                path.Append('[').Append(segment).Append(']');
                node = node is JsonArray array && int.TryParse(segment, out var i) && i < array.Count ? array[i] : null;
            }
            else
            {
                if (path.Length > 0)
                {
                    path.Append('.');
                }

                path.Append(segment);
                node = node is JsonObject obj && obj.TryGetPropertyValue(segment, out var child) ? child : null;
            }
        }

        return path.ToString();
    }

    /// <summary>The node a pointer names, or null when it names nothing.</summary>
    public static JsonNode? Resolve(JsonNode? root, string pointer)
    {
        var p = pointer.StartsWith('#') ? pointer[1..] : pointer;
        if (p.Length == 0)
        {
            return root;
        }

        var node = root;
        foreach (var raw in p[1..].Split('/'))
        {
            var segment = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject obj => obj.TryGetPropertyValue(segment, out var child) ? child : null,
                JsonArray array => int.TryParse(segment, out var i) && i >= 0 && i < array.Count ? array[i] : null,
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }
}
