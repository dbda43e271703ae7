using System.Globalization;
using System.Text.Json.Nodes;
using EcoValue.Domain.Identifiers;

namespace EcoValue.Certification;

/// <summary>
/// Maps a schema-valid JSON standard to the typed model and checks what the schema cannot: ids unique, categories
/// inside the scope, one yield cap per scope category, season start a day every year has, region prefixes that
/// start with a province code. The schema has already guaranteed every member's presence and type.
/// </summary>
internal static class StandardMapper
{
    public static Standard Map(JsonObject root, SourceMap map, string file, List<StandardError> errors, string hash, string canonicalJson)
    {
        var check = new Checker(root, map, file, errors);
        var scope = Strings(root["scope"]!["categories"]);
        var caps = MapCaps(root["quota"]!["yield_caps"]!.AsArray(), scope, check);
        var seasonStart = default(SeasonStart);
        try
        {
            seasonStart = SeasonStart.Parse(root["quota"]!["season_start"]!.GetValue<string>());
        }
        catch (FormatException)
        {
            check.Error("/quota/season_start", "standard.month_day", "must be a month and day every year has (not 02-29 or 04-31)", "应为每年都有的月-日（不能是 02-29 或 04-31）");
        }

        var criteria = new List<Criterion>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var items = root["criteria"]!.AsArray();
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"/criteria/{i.ToString(CultureInfo.InvariantCulture)}";
            var node = items[i]!.AsObject();
            var id = node["id"]!.GetValue<string>();
            if (ids.TryGetValue(id, out var first))
            {
                check.Error(at + "/id", "standard.duplicate_id", $"'{id}' is already the id of criteria[{first}]; criterion ids are unique", $"“{id}”已是 criteria[{first}] 的 id；准则 id 不能重复");
            }
            else
            {
                ids.Add(id, i);
            }

            criteria.Add(MapCriterion(node, at, scope, check));
        }

        var title = Text(root["title"]);
        var brand = new BrandInfo(root["brand"]!["id"]!.GetValue<string>(), Text(root["brand"]!["name"]));
        return new Standard(
            root["id"]!.GetValue<string>(),
            root["version"]!.GetValue<string>(),
            title,
            brand,
            scope,
            root["validity"]!["months"]!.GetValue<int>(),
            root["evaluation"]!["lookback_days"]!.GetValue<int>(),
            seasonStart,
            caps,
            criteria,
            hash,
            canonicalJson,
            file);
    }

    private static List<YieldCap> MapCaps(JsonArray items, IReadOnlyList<string> scope, Checker check)
    {
        var caps = new List<YieldCap>();
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"/quota/yield_caps/{i.ToString(CultureInfo.InvariantCulture)}";
            var node = items[i]!;
            var category = node["category"]!.GetValue<string>();
            if (!scope.Contains(category, StringComparer.Ordinal))
            {
                check.Error(at + "/category", "standard.category_scope", $"'{category}' is not in scope.categories", $"“{category}”不在 scope.categories 中");
            }
            else if (caps.Any(c => c.Category == category))
            {
                check.Error(at + "/category", "standard.duplicate_cap", $"'{category}' already has a yield cap", $"“{category}”已有产量上限");
            }

            caps.Add(new YieldCap(category, Decimal(node["kg_per_mu"]), Bool(node["illustrative"]), node["note"]?.GetValue<string>()));
        }

        for (var i = 0; i < scope.Count; i++)
        {
            if (!caps.Any(c => c.Category == scope[i]))
            {
                check.Error($"/scope/categories/{i.ToString(CultureInfo.InvariantCulture)}", "standard.missing_cap", $"'{scope[i]}' has no yield cap in quota.yield_caps; a licence's quota needs one", $"“{scope[i]}”在 quota.yield_caps 中没有产量上限；许可配额需要它");
            }
        }

        return caps;
    }

    private static Criterion MapCriterion(JsonObject node, string at, IReadOnlyList<string> scope, Checker check)
    {
        IReadOnlyList<string> categories = scope;
        if (node["categories"] is { } listed)
        {
            categories = Strings(listed);
            for (var j = 0; j < categories.Count; j++)
            {
                if (!scope.Contains(categories[j], StringComparer.Ordinal))
                {
                    check.Error($"{at}/categories/{j.ToString(CultureInfo.InvariantCulture)}", "standard.category_scope", $"'{categories[j]}' is not in scope.categories", $"“{categories[j]}”不在 scope.categories 中");
                }
            }
        }

        var id = node["id"]!.GetValue<string>();
        var title = Text(node["title"]);
        var level = node["applies_to"]!.GetValue<string>() switch
        {
            "producer" => CriterionLevel.Producer,
            "batch" => CriterionLevel.Batch,
            _ => CriterionLevel.Both,
        };
        var note = node["note"]?.GetValue<string>();
        Criterion criterion = node["kind"]!.GetValue<string>() switch
        {
            CriterionKinds.OriginRegion => OriginRegion(node, at, check, id, title, level, categories),
            CriterionKinds.LabLimit => new LabLimitCriterion
            {
                Id = id, Title = title, AppliesTo = level, Categories = categories,
                Analyte = node["analyte"]!.GetValue<string>(), Aliases = Strings(node["aliases"]),
                MaxMgPerKg = Decimal(node["max_mg_per_kg"]), Source = node["source"]!.GetValue<string>(), Illustrative = Bool(node["illustrative"]),
            },
            CriterionKinds.LabRecency => new LabRecencyCriterion
            {
                Id = id, Title = title, AppliesTo = level, Categories = categories, MaxAgeDays = node["max_age_days"]!.GetValue<int>(),
            },
            CriterionKinds.PreHarvestInterval => new PreHarvestIntervalCriterion
            {
                Id = id, Title = title, AppliesTo = level, Categories = categories,
                ActiveIngredient = node["active_ingredient"]!.GetValue<string>(), Aliases = Strings(node["aliases"]),
                MinDays = node["min_days"]!.GetValue<int>(), Source = node["source"]!.GetValue<string>(), Illustrative = Bool(node["illustrative"]),
            },
            CriterionKinds.ForbiddenInputs => new ForbiddenInputsCriterion
            {
                Id = id, Title = title, AppliesTo = level, Categories = categories,
                Ingredients = [.. node["ingredients"]!.AsArray().Select(n => new ForbiddenIngredient(n!["name"]!.GetValue<string>(), Strings(n["aliases"])))],
                Source = node["source"]!.GetValue<string>(),
            },
            CriterionKinds.EvidenceRequired => new EvidenceRequiredCriterion
            {
                Id = id, Title = title, AppliesTo = level, Categories = categories, EvidenceKinds = Strings(node["evidence_kinds"]),
            },
            CriterionKinds.YieldCap => new YieldCapCriterion { Id = id, Title = title, AppliesTo = level, Categories = categories },
            CriterionKinds.CarbonIntensity => new CarbonIntensityCriterion
            {
                Id = id, Title = title, AppliesTo = level, Categories = categories,
                MaxKgCo2ePerKg = Decimal(node["max_kg_co2e_per_kg"]), Source = node["source"]!.GetValue<string>(), Illustrative = Bool(node["illustrative"]),
            },
            var kind => throw new InvalidOperationException($"kind {kind} passed the schema but has no mapping"),
        };
        return criterion with { Note = note };
    }

    private static OriginRegionCriterion OriginRegion(JsonObject node, string at, Checker check, string id, LocalizedText title, CriterionLevel level, IReadOnlyList<string> categories)
    {
        var prefixes = Strings(node["region_prefixes"]);
        for (var j = 0; j < prefixes.Count; j++)
        {
            if (!RegionCode.ProvinceCodes.Contains(prefixes[j][..2], StringComparer.Ordinal))
            {
                check.Error($"{at}/region_prefixes/{j.ToString(CultureInfo.InvariantCulture)}", "standard.region_prefix", $"'{prefixes[j]}' does not start with a GB/T 2260 province code (Hainan is 46)", $"“{prefixes[j]}”不是以 GB/T 2260 省级代码开头（海南为 46）");
            }
        }

        return new OriginRegionCriterion { Id = id, Title = title, AppliesTo = level, Categories = categories, RegionPrefixes = prefixes };
    }

    private static LocalizedText Text(JsonNode? node) => new(node!["zh"]!.GetValue<string>(), node["en"]!.GetValue<string>());

    private static List<string> Strings(JsonNode? node) => node is JsonArray array ? [.. array.Select(n => n!.GetValue<string>())] : [];

    private static bool Bool(JsonNode? node) => node?.GetValue<bool>() ?? false;

    /// <summary>A number as decimal from its JSON text (the tree is JsonElement-backed), so 0.3 stays exactly 0.3.</summary>
    private static decimal Decimal(JsonNode? node) => node!.GetValue<decimal>();

    private sealed class Checker(JsonNode root, SourceMap map, string file, List<StandardError> errors)
    {
        public void Error(string pointer, string code, string en, string zh)
        {
            var at = map.ValueAt(pointer);
            errors.Add(new StandardError(file, at.Line, at.Column, FieldPath.FromPointer(pointer, root), code, en, zh));
        }
    }
}
