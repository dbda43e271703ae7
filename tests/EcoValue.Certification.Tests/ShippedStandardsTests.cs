using System.Text.Json.Nodes;
using EcoValue.Domain.Canonical;
using EcoValue.Ethereum;
using EcoValue.Testing;

namespace EcoValue.Certification.Tests;

/// <summary>Every standard shipped in certification-rules/ loads, validates and keeps the promises its README makes.</summary>
public sealed class ShippedStandardsTests
{
    private static string Folder => Path.Combine(RepoPaths.Root, "certification-rules");

    public static TheoryData<string> Files() => [.. Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "certification-rules"), "*.yaml").Select(f => Path.GetFileName(f)!).Order()];

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_file_loads_and_its_hash_is_keccak_of_its_canonical_json(string file)
    {
        var path = Path.Combine(Folder, file);
        var standard = StandardLoader.LoadFile(path);

        Assert.Equal(Path.GetFileNameWithoutExtension(file), standard.Id);
        var json = StandardLoader.ToJson(File.ReadAllText(path), file)!;
        Assert.Equal(Hex.Encode(Keccak.Hash(Jcs.Canonicalize(json))), standard.Hash);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(Jcs.Canonicalize(json)), standard.CanonicalJson);
        Assert.Matches("^0x[0-9a-f]{64}$", standard.Hash);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_file_caps_every_category_and_cites_every_limit(string file)
    {
        var standard = StandardLoader.LoadFile(Path.Combine(Folder, file));

        Assert.All(standard.Categories, c => Assert.NotNull(standard.CapFor(c)));
        Assert.All(standard.Criteria.OfType<LabLimitCriterion>(), c =>
        {
            // A sourced (non-illustrative) limit must name the national standard it comes from.
            Assert.True(c.Illustrative || c.Source.Contains("GB 2762-2022", StringComparison.Ordinal) || c.Source.Contains("GB 2763-2021", StringComparison.Ordinal), $"{file} {c.Id}: {c.Source}");
        });
        Assert.All(standard.Criteria, c => Assert.All(c.Categories, cat => Assert.Contains(cat, standard.Categories)));
    }

    [Fact]
    public void The_catalog_loads_at_least_the_three_brands_and_uses_every_criterion_kind()
    {
        var catalog = StandardCatalog.LoadFolder(Folder);

        Assert.True(catalog.All.Count >= 3);
        Assert.Equal(["baisha-liangshi", "hainan-green-low-carbon", "rainforest-national-park"], catalog.All.Select(s => s.Brand.Id).Distinct().Order().Take(3));
        Assert.Equal(CriterionKinds.All.Order(), catalog.All.SelectMany(s => s.Criteria).Select(c => c.Kind).Distinct().Order());
        Assert.Equal(catalog.All.Count, catalog.All.Select(s => s.Hash).Distinct().Count());
        foreach (var s in catalog.All)
        {
            Assert.Same(s, catalog.Get(s.Id));
            Assert.Same(s, catalog.ByHash(s.Hash.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal)));
            Assert.Contains(s, catalog.ForBrand(s.Brand.Id));
        }

        Assert.Throws<KeyNotFoundException>(() => catalog.Get("no-such-standard"));
    }

    [Fact]
    public void Baisha_tea_reads_as_written()
    {
        var standard = StandardCatalog.LoadFolder(Folder).Get("baisha-liangshi-tea");

        Assert.Equal(["tea"], standard.Categories);
        Assert.Equal(24, standard.ValidityMonths);
        Assert.Equal(new DateOnly(2027, 3, 31), standard.LicenceValidUntil(new DateOnly(2025, 4, 1)));
        var lead = Assert.IsType<LabLimitCriterion>(standard.Criteria.Single(c => c.Id == "lead-tea"));
        Assert.Equal(5.0m, lead.MaxMgPerKg);
        Assert.False(lead.Illustrative);
        Assert.Contains("铅", lead.Aliases);
        var origin = Assert.IsType<OriginRegionCriterion>(standard.Criteria[0]);
        Assert.Equal(["469025"], origin.RegionPrefixes);
        Assert.Equal(CriterionLevel.Both, origin.AppliesTo);
        var banned = Assert.IsType<ForbiddenInputsCriterion>(standard.Criteria.Single(c => c.Id == "banned-pesticides"));
        Assert.Contains(banned.Ingredients, i => i.Name == "paraquat" && i.Aliases.Contains("百草枯"));
        Assert.True(standard.CapFor("tea")!.Illustrative);
    }

    [Fact]
    public void The_schema_is_the_file_shipped_with_the_rules()
    {
        var shipped = File.ReadAllText(Path.Combine(Folder, "standard.schema.json"));
        Assert.Equal(shipped, StandardSchema.Text);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", JsonNode.Parse(shipped)!["$schema"]!.GetValue<string>());
    }

    [Fact]
    public void A_folder_reports_every_bad_file_and_a_file_not_named_after_its_id()
    {
        var dir = Directory.CreateTempSubdirectory("standards-");
        try
        {
            var good = File.ReadAllText(Path.Combine(Folder, "baisha-liangshi-tea.yaml"));
            File.WriteAllText(Path.Combine(dir.FullName, "baisha-liangshi-tea.yaml"), good);
            File.WriteAllText(Path.Combine(dir.FullName, "renamed.yaml"), good);
            File.WriteAllText(Path.Combine(dir.FullName, "broken.yml"), "id: [unclosed\n");

            var e = Assert.Throws<StandardFileException>(() => StandardCatalog.LoadFolder(dir.FullName));

            Assert.Contains(e.Errors, x => x.File.EndsWith("renamed.yaml", StringComparison.Ordinal) && x.Code == "catalog.file_name");
            Assert.Contains(e.Errors, x => x.File.EndsWith("broken.yml", StringComparison.Ordinal) && x.Code == "yaml.syntax");
            Assert.DoesNotContain(e.Errors, x => x.File.EndsWith("baisha-liangshi-tea.yaml", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
