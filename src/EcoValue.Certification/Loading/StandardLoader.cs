using System.Text;
using System.Text.Json.Nodes;
using EcoValue.Domain.Canonical;
using EcoValue.Ethereum;

namespace EcoValue.Certification;

/// <summary>
/// Loads one standard file: YAML → JSON (positions kept) → JSON Schema → typed <see cref="Standard"/> with the checks a
/// schema cannot express (criterion ids unique, categories within scope, a yield cap for every category). Every
/// problem found is reported at once in a <see cref="StandardFileException"/>, each naming file, line, column and field.
/// </summary>
public static class StandardLoader
{
    /// <summary>Largest standard file read (1 MiB): a standard is a page of rules, not a data set.</summary>
    public const int MaxFileBytes = 1 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads and loads a standard file; errors name <paramref name="path"/> as given.</summary>
    /// <exception cref="StandardFileException">The file is not a valid standard.</exception>
    public static Standard LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length > MaxFileBytes)
        {
            throw Single(path, "file.too_large", $"The file is larger than {MaxFileBytes} bytes.", $"文件超过 {MaxFileBytes} 字节。");
        }

        string text;
        try
        {
            var start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
            text = StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException)
        {
            throw Single(path, "file.encoding", "The file is not UTF-8 text.", "文件不是 UTF-8 文本。");
        }

        return Parse(text, path);
    }

    /// <summary>Loads a standard from its YAML text; <paramref name="file"/> is the name errors give it.</summary>
    /// <exception cref="StandardFileException">The text is not a valid standard.</exception>
    public static Standard Parse(string yaml, string file)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(file);
        if (yaml.Length > MaxFileBytes)
        {
            throw Single(file, "file.too_large", $"The text is longer than {MaxFileBytes} characters.", $"文本超过 {MaxFileBytes} 个字符。");
        }

        var errors = new List<StandardError>();
        var map = new SourceMap();
        var root = YamlJsonReader.Read(yaml, file, map, errors);
        if (errors.Count > 0)
        {
            throw new StandardFileException(errors);
        }

        StandardSchema.Validate(root, map, file, errors);
        if (errors.Count > 0)
        {
            throw new StandardFileException(errors);
        }

        // Re-read from text so every value is JsonElement-backed and converts (an integer read as long, a limit as decimal).
        var json = JsonNode.Parse(root!.ToJsonString())!.AsObject();
        var canonical = Jcs.Canonicalize(json);
        var standard = StandardMapper.Map(json, map, file, errors, Hex.Encode(Keccak.Hash(canonical)), Encoding.UTF8.GetString(canonical));
        if (errors.Count > 0)
        {
            throw new StandardFileException(errors);
        }

        return standard;
    }

    /// <summary>
    /// The JSON form of a YAML standard text, exactly as hashed: what a third party converts the file to before
    /// canonicalising (YAML 1.2 core schema; numbers as doubles; integral numbers written without a fraction).
    /// Only the YAML is checked, not the schema.
    /// </summary>
    /// <exception cref="StandardFileException">The text is not YAML this format accepts.</exception>
    public static JsonNode? ToJson(string yaml, string file)
    {
        var errors = new List<StandardError>();
        var root = YamlJsonReader.Read(yaml, file, new SourceMap(), errors);
        return errors.Count > 0 ? throw new StandardFileException(errors) : root;
    }

    /// <summary>keccak256(JCS(json)) as <c>0x</c> + 64 hex: the standard hash registered on chain with the brand.</summary>
    public static string ComputeHash(JsonNode json) => Hex.Encode(Keccak.Hash(Jcs.Canonicalize(json)));

    private static StandardFileException Single(string file, string code, string en, string zh) =>
        new([new StandardError(file, 1, 1, string.Empty, code, en, zh)]);
}
