using System.Text.Json;
using System.Text.Json.Nodes;
using EcoValue.Testing;

namespace EcoValue.Certification.Tests;

/// <summary>
/// The standard hash names the content, not the layout: key order, quoting, flow or block style, comments,
/// indentation and number spelling (5, 5.0, 5e0) do not change it; any value does.
/// </summary>
public sealed class CanonicalHashTests
{
    private const string Block = """
        # A comment that is not part of the standard.
        id: hash-test
        version: 1.0.0
        title:
          zh: 哈希测试
          en: Hash test
        brand:
          id: test-brand
          name:
            zh: 测试品牌
            en: Test brand
        scope:
          categories: [tea]
        validity:
          months: 24
        evaluation:
          lookback_days: 365
        quota:
          season_start: "01-01"
          yield_caps:
            - category: tea
              kg_per_mu: 100
        criteria:
          - id: lead
            kind: lab_limit
            applies_to: both
            title:
              zh: 铅
              en: Lead
            analyte: lead
            aliases: [铅, Pb]
            categories: [tea]
            max_mg_per_kg: 5.0
            source: >-
              GB 2762-2022 表1
              茶叶 5.0 mg/kg
        """;

    // Same content: keys reordered, flow style, other quoting, other number spellings, comments, 4-space indent.
    private const string Reformatted = """
        criteria:
            -   {kind: "lab_limit", id: 'lead', applies_to: both, title: {en: "Lead", zh: '铅'},
                 max_mg_per_kg: 5, categories: ["tea"], aliases: ['铅', "Pb"], analyte: lead,
                 source: "GB 2762-2022 表1 茶叶 5.0 mg/kg"}   # trailing comment
        quota: {yield_caps: [{kg_per_mu: 1.0e2, category: tea}], season_start: '01-01'}
        evaluation: {lookback_days: 365.0}
        validity: {months: 24}
        scope: {categories: [tea]}
        brand: {name: {en: Test brand, zh: "测试品牌"}, id: test-brand}
        title: {en: 'Hash test', zh: 哈希测试}
        version: "1.0.0"
        id: "hash-test"
        """;

    private static string Hash(string yaml) => StandardLoader.Parse(yaml, "hash.yaml").Hash;

    [Fact]
    public void Reformatting_does_not_change_the_hash()
    {
        var expected = Hash(Block);

        Assert.Equal(expected, Hash(Reformatted));
        Assert.Equal(expected, Hash(Block.Replace("\n", "\r\n", StringComparison.Ordinal)));
        Assert.Equal(expected, Hash("---\n" + Block + "\n...\n"));
        Assert.Equal(expected, Hash(Block.Replace("max_mg_per_kg: 5.0", "max_mg_per_kg: 5.00e0", StringComparison.Ordinal)));
        Assert.Equal(expected, Hash(Block.Replace("months: 24", "months: +24", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_json_form_itself_hashes_the_same_as_the_yaml()
    {
        var json = StandardLoader.ToJson(Block, "hash.yaml")!;

        Assert.Equal(Hash(Block), Hash(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
        Assert.Equal(Hash(Block), StandardLoader.ComputeHash(json));
        Assert.Equal("5", json["criteria"]![0]!["max_mg_per_kg"]!.ToJsonString());
        Assert.Equal("GB 2762-2022 表1 茶叶 5.0 mg/kg", json["criteria"]![0]!["source"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("max_mg_per_kg: 5.0", "max_mg_per_kg: 5.1")]
    [InlineData("version: 1.0.0", "version: 1.0.1")]
    [InlineData("zh: 铅\n", "zh: \"铅 \"\n")]
    [InlineData("aliases: [铅, Pb]", "aliases: [Pb, 铅]")]
    [InlineData("kg_per_mu: 100", "kg_per_mu: 100.5")]
    [InlineData("applies_to: both", "applies_to: batch")]
    [InlineData("  months: 24", "  months: 36")]
    [InlineData("茶叶 5.0 mg/kg", "茶叶 5 mg/kg")]
    [InlineData("    max_mg_per_kg: 5.0", "    max_mg_per_kg: 5.0\n    illustrative: false")]
    public void Any_value_change_changes_the_hash(string from, string to)
    {
        var changed = Block.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Block, changed);

        Assert.NotEqual(Hash(Block), Hash(changed));
    }

    [Fact]
    public void Shuffled_key_orders_of_every_shipped_standard_hash_the_same()
    {
        var random = new Random(20250501);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "certification-rules"), "*.yaml"))
        {
            var standard = StandardLoader.LoadFile(file);
            var json = StandardLoader.ToJson(File.ReadAllText(file), file)!;
            for (var i = 0; i < 20; i++)
            {
                var shuffled = Shuffle(json, random);
                var text = shuffled!.ToJsonString(new JsonSerializerOptions { WriteIndented = random.Next(2) == 0, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                Assert.Equal(standard.Hash, StandardLoader.Parse(text, file).Hash);
            }
        }
    }

    private static JsonNode? Shuffle(JsonNode? node, Random random) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(_ => random.Next()).Select(p => KeyValuePair.Create(p.Key, Shuffle(p.Value, random)))),
        JsonArray array => new JsonArray([.. array.Select(n => Shuffle(n, random))]),
        _ => node?.DeepClone(),
    };
}
