namespace EcoValue.Certification.Tests;

/// <summary>
/// A bad standard file is refused with every error located: file, 1-based line and column, field path, a stable code,
/// and text in both languages. The criteria below start on line 14 (after <see cref="TestStandards.Header"/>).
/// </summary>
public sealed class LoaderErrorTests
{
    private const string LeadLimit = """
          - id: lead
            kind: lab_limit
            applies_to: batch
            title: { zh: 铅, en: Lead }
            analyte: lead
            categories: [tea]
            max_mg_per_kg: 5.0
            source: GB 2762-2022
        """;

    private static IReadOnlyList<StandardError> Errors(string criteria, string? header = null)
    {
        var e = Assert.Throws<StandardFileException>(() => StandardLoader.Parse((header ?? TestStandards.Header) + criteria, "bad.yaml"));
        Assert.NotEmpty(e.Errors);
        Assert.All(e.Errors, x =>
        {
            Assert.Equal("bad.yaml", x.File);
            Assert.True(x.Line >= 1 && x.Column >= 1);
            Assert.False(string.IsNullOrWhiteSpace(x.En));
            Assert.False(string.IsNullOrWhiteSpace(x.Zh));
            Assert.NotEqual(x.En, x.Zh);
        });
        return e.Errors;
    }

    private static void AssertError(IReadOnlyList<StandardError> errors, int line, int column, string field, string code)
    {
        Assert.Contains(errors, x => x.Line == line && x.Column == column && x.Field == field && x.Code == code);
    }

    [Fact]
    public void The_well_formed_criterion_used_below_loads()
    {
        var standard = StandardLoader.Parse(TestStandards.Header + LeadLimit, "ok.yaml");
        Assert.Equal(5m, Assert.IsType<LabLimitCriterion>(Assert.Single(standard.Criteria)).MaxMgPerKg);
    }

    [Fact]
    public void A_negative_limit_names_line_column_and_field()
    {
        var errors = Errors(LeadLimit.Replace("max_mg_per_kg: 5.0", "max_mg_per_kg: -1", StringComparison.Ordinal));

        var error = Assert.Single(errors);
        Assert.Equal((20, 20, "criteria[0].max_mg_per_kg", "standard.range"), (error.Line, error.Column, error.Field, error.Code));
        Assert.Equal("must be at least 0", error.En);
        Assert.Equal("应不小于 0", error.Zh);
        Assert.Equal("bad.yaml:20:20: criteria[0].max_mg_per_kg: must be at least 0", error.Format());
    }

    [Fact]
    public void A_misspelt_field_is_unknown_and_the_real_one_missing()
    {
        var errors = Errors(LeadLimit.Replace("max_mg_per_kg:", "max_mg_per_kgs:", StringComparison.Ordinal));

        AssertError(errors, 20, 5, "criteria[0].max_mg_per_kgs", "standard.unknown_field");
        AssertError(errors, 14, 5, "criteria[0].max_mg_per_kg", "standard.required");
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void An_unknown_criterion_kind_is_one_error_listing_the_kinds()
    {
        var errors = Errors(LeadLimit.Replace("kind: lab_limit", "kind: lab_limits", StringComparison.Ordinal));

        var error = Assert.Single(errors);
        Assert.Equal((15, 11, "criteria[0].kind", "standard.unknown_kind"), (error.Line, error.Column, error.Field, error.Code));
        Assert.Contains("carbon_intensity", error.En, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_key_is_refused_where_it_repeats()
    {
        var errors = Errors(LeadLimit.Replace("    analyte: lead\n", "    analyte: lead\n    analyte: lead\n", StringComparison.Ordinal));

        var error = Assert.Single(errors);
        Assert.Equal((19, 5, "criteria[0].analyte", "yaml.duplicate_key"), (error.Line, error.Column, error.Field, error.Code));
        Assert.Contains("line 18", error.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_criterion_ids_are_refused()
    {
        var errors = Errors(LeadLimit + "\n" + LeadLimit);

        var error = Assert.Single(errors);
        Assert.Equal((22, 9, "criteria[1].id", "standard.duplicate_id"), (error.Line, error.Column, error.Field, error.Code));
    }

    [Fact]
    public void A_region_prefix_written_as_a_number_asks_for_quotes()
    {
        var errors = Errors("""
              - id: origin
                kind: origin_region
                applies_to: both
                title: { zh: 产地, en: Origin }
                region_prefixes: [46]
            """);

        var error = Assert.Single(errors);
        Assert.Equal((18, 23, "criteria[0].region_prefixes[0]", "standard.type"), (error.Line, error.Column, error.Field, error.Code));
        Assert.Contains("quote", error.En, StringComparison.Ordinal);
        Assert.Contains("引号", error.Zh, StringComparison.Ordinal);
    }

    [Fact]
    public void A_region_prefix_must_start_with_a_province_code()
    {
        var errors = Errors("""
              - id: origin
                kind: origin_region
                applies_to: both
                title: { zh: 产地, en: Origin }
                region_prefixes: ["99"]
            """);

        AssertError(errors, 18, 23, "criteria[0].region_prefixes[0]", "standard.region_prefix");
    }

    [Fact]
    public void A_criterion_category_outside_the_scope_is_refused()
    {
        var errors = Errors(LeadLimit.Replace("categories: [tea]", "categories: [tea, vegetables]", StringComparison.Ordinal));

        AssertError(errors, 19, 23, "criteria[0].categories[1]", "standard.category_scope");
    }

    [Fact]
    public void A_missing_top_level_field_is_named()
    {
        var errors = Errors(LeadLimit, TestStandards.Header.Replace("validity: { months: 24 }\n", string.Empty, StringComparison.Ordinal));

        var error = Assert.Single(errors);
        Assert.Equal((1, 1, "validity", "standard.required"), (error.Line, error.Column, error.Field, error.Code));
    }

    [Fact]
    public void A_scope_category_without_a_yield_cap_is_refused()
    {
        var errors = Errors(LeadLimit, TestStandards.Header.Replace("categories: [tea, coffee]", "categories: [tea, coffee, cocoa]", StringComparison.Ordinal));

        AssertError(errors, 5, 36, "scope.categories[2]", "standard.missing_cap");
    }

    [Theory]
    [InlineData("version: &v 1.0.0", "yaml.anchor", 2, 10)]
    [InlineData("version: !!str 1.0.0", "yaml.tag", 2, 10)]
    [InlineData("version: 1.0.0\nextra: *v", "yaml.alias", 3, 8)]
    public void Anchors_tags_and_aliases_are_refused(string versionLine, string code, int line, int column)
    {
        var header = TestStandards.Header.Replace("version: 1.0.0", versionLine, StringComparison.Ordinal);
        var e = Assert.Throws<StandardFileException>(() => StandardLoader.Parse(header + LeadLimit, "bad.yaml"));

        Assert.Contains(e.Errors, x => x.Code == code && x.Line == line && x.Column == column);
    }

    [Theory]
    [InlineData("max_mg_per_kg: 0x10")]
    [InlineData("max_mg_per_kg: .inf")]
    [InlineData("max_mg_per_kg: 1e400")]
    public void Numbers_without_a_finite_decimal_json_form_are_refused(string line)
    {
        var errors = Errors(LeadLimit.Replace("max_mg_per_kg: 5.0", line, StringComparison.Ordinal));

        AssertError(errors, 20, 20, "criteria[0].max_mg_per_kg", "yaml.number");
    }

    [Fact]
    public void A_season_start_every_year_does_not_have_is_refused()
    {
        var errors = Errors(LeadLimit, TestStandards.Header.Replace("\"01-01\"", "\"02-29\"", StringComparison.Ordinal));

        AssertError(errors, 9, 17, "quota.season_start", "standard.month_day");
    }

    [Fact]
    public void A_syntax_error_names_its_line()
    {
        var errors = Errors(LeadLimit.Replace("analyte: lead", "analyte: [lead", StringComparison.Ordinal));

        var error = Assert.Single(errors);
        Assert.Equal("yaml.syntax", error.Code);
        Assert.InRange(error.Line, 18, 21);
    }

    [Fact]
    public void Empty_and_multi_document_files_are_refused()
    {
        Assert.Equal("yaml.empty", Assert.Single(Assert.Throws<StandardFileException>(() => StandardLoader.Parse("# nothing\n", "bad.yaml")).Errors).Code);
        var two = Assert.Throws<StandardFileException>(() => StandardLoader.Parse(TestStandards.Header + LeadLimit + "\n---\nid: x\n", "bad.yaml"));
        Assert.Equal(("yaml.multiple_documents", 22), (two.Errors[0].Code, two.Errors[0].Line));
    }

    [Fact]
    public void Several_mistakes_are_all_reported_in_one_pass()
    {
        var errors = Errors(LeadLimit
            .Replace("max_mg_per_kg: 5.0", "max_mg_per_kg: -1", StringComparison.Ordinal)
            .Replace("applies_to: batch", "applies_to: batches", StringComparison.Ordinal)
            .Replace("id: lead", "id: Lead", StringComparison.Ordinal));

        AssertError(errors, 20, 20, "criteria[0].max_mg_per_kg", "standard.range");
        AssertError(errors, 16, 17, "criteria[0].applies_to", "standard.enum");
        AssertError(errors, 14, 9, "criteria[0].id", "standard.slug");
    }

    [Fact]
    public void LoadFile_names_the_path_and_refuses_text_that_is_not_utf8()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, TestStandards.Header + LeadLimit.Replace("max_mg_per_kg: 5.0", "max_mg_per_kg: -1", StringComparison.Ordinal));
            var e = Assert.Throws<StandardFileException>(() => StandardLoader.LoadFile(path));
            Assert.Equal(path, Assert.Single(e.Errors).File);
            Assert.StartsWith(path + ":20:20: criteria[0].max_mg_per_kg", e.Message, StringComparison.Ordinal);

            File.WriteAllBytes(path, [0x69, 0x64, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]);
            Assert.Equal("file.encoding", Assert.Single(Assert.Throws<StandardFileException>(() => StandardLoader.LoadFile(path)).Errors).Code);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_error_converts_to_the_domain_field_error()
    {
        var error = Assert.Single(Errors(LeadLimit.Replace("max_mg_per_kg: 5.0", "max_mg_per_kg: -1", StringComparison.Ordinal)));
        var field = error.ToFieldError();
        Assert.Equal(("criteria[0].max_mg_per_kg", "standard.range", error.En, error.Zh), (field.Field, field.Code, field.En, field.Zh));
    }

    [Fact]
    public void Deep_nesting_and_oversized_text_are_refused()
    {
        var deep = TestStandards.Header.Replace("title: { zh: 测试标准, en: Test standard }", "title: " + new string('[', 40) + new string(']', 40), StringComparison.Ordinal);
        Assert.Contains(Assert.Throws<StandardFileException>(() => StandardLoader.Parse(deep + LeadLimit, "bad.yaml")).Errors, x => x.Code == "yaml.too_deep");

        var huge = "# " + new string('x', StandardLoader.MaxFileBytes) + "\n" + TestStandards.Header + LeadLimit;
        Assert.Equal("file.too_large", Assert.Single(Assert.Throws<StandardFileException>(() => StandardLoader.Parse(huge, "bad.yaml")).Errors).Code);
    }

    [Fact]
    public void A_collection_as_a_key_and_a_repeated_key_with_a_nested_value_are_refused_and_reading_goes_on()
    {
        var header = TestStandards.Header
            .Replace("validity: { months: 24 }", "validity: { months: 24 }\n? [a, b]\n: c", StringComparison.Ordinal)
            .Replace("evaluation: { lookback_days: 365 }", "evaluation: { lookback_days: 365 }\nscope: { categories: [tea] }", StringComparison.Ordinal);

        var errors = Errors(LeadLimit.Replace("max_mg_per_kg: 5.0", "max_mg_per_kg: -1", StringComparison.Ordinal), header);

        Assert.Contains(errors, x => x.Code == "yaml.key" && x.Line == 7);
        Assert.Contains(errors, x => x.Code == "yaml.duplicate_key" && x.Field == "scope" && x.Line == 10);
    }
}
