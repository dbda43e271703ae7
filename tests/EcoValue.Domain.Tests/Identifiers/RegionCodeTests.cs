using EcoValue.Domain.Identifiers;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Tests.Identifiers;

public class RegionCodeTests
{
    /// <summary>GB/T 2260 province-level codes with their names (民政部 县级以上行政区划代码).</summary>
    public static TheoryData<string, string, string> Provinces => new()
    {
        { "11", "北京市", "Beijing" }, { "12", "天津市", "Tianjin" }, { "13", "河北省", "Hebei" }, { "14", "山西省", "Shanxi" },
        { "15", "内蒙古自治区", "Inner Mongolia" }, { "21", "辽宁省", "Liaoning" }, { "22", "吉林省", "Jilin" },
        { "23", "黑龙江省", "Heilongjiang" }, { "31", "上海市", "Shanghai" }, { "32", "江苏省", "Jiangsu" },
        { "33", "浙江省", "Zhejiang" }, { "34", "安徽省", "Anhui" }, { "35", "福建省", "Fujian" }, { "36", "江西省", "Jiangxi" },
        { "37", "山东省", "Shandong" }, { "41", "河南省", "Henan" }, { "42", "湖北省", "Hubei" }, { "43", "湖南省", "Hunan" },
        { "44", "广东省", "Guangdong" }, { "45", "广西壮族自治区", "Guangxi" }, { "46", "海南省", "Hainan" },
        { "50", "重庆市", "Chongqing" }, { "51", "四川省", "Sichuan" }, { "52", "贵州省", "Guizhou" }, { "53", "云南省", "Yunnan" },
        { "54", "西藏自治区", "Xizang" }, { "61", "陕西省", "Shaanxi" }, { "62", "甘肃省", "Gansu" }, { "63", "青海省", "Qinghai" },
        { "64", "宁夏回族自治区", "Ningxia" }, { "65", "新疆维吾尔自治区", "Xinjiang" }, { "71", "台湾省", "Taiwan" },
        { "81", "香港特别行政区", "Hong Kong" }, { "82", "澳门特别行政区", "Macao" },
    };

    [Theory]
    [MemberData(nameof(Provinces))]
    public void Parse_province_level_code_has_province_names(string province, string zh, string en)
    {
        var code = RegionCode.Parse(province + "0000");

        Assert.Equal(province, code.Province);
        Assert.Equal(zh, code.NameZh);
        Assert.Equal(en, code.NameEn);
        Assert.Equal(province == "46", code.IsHainan);
        Assert.Same(code, code.ProvinceRegion);
        Assert.Contains(province, RegionCode.ProvinceCodes);
    }

    [Fact]
    public void ProvinceCodes_lists_exactly_the_34_province_level_divisions()
    {
        Assert.Equal(34, RegionCode.ProvinceCodes.Count);
        Assert.Equal(34, RegionCode.ProvinceCodes.Distinct().Count());
    }

    /// <summary>All 100 two-digit prefixes: accepted exactly when listed, and a refusal quotes the prefix.</summary>
    public static TheoryData<string> AllPrefixes => new(Enumerable.Range(0, 100).Select(i => i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [MemberData(nameof(AllPrefixes))]
    public void Parse_accepts_a_prefix_exactly_when_it_is_a_province(string prefix)
    {
        var input = prefix + "0101";
        if (RegionCode.ProvinceCodes.Contains(prefix))
        {
            Assert.Equal(input, RegionCode.Parse(input).Value);
        }
        else
        {
            var error = Rejection.Of(() => RegionCode.Parse(input), "region.province");
            Assert.Contains($"not {prefix}.", error.En, StringComparison.Ordinal);
            Assert.Contains($"而不是 {prefix}。", error.Zh, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Hainan's divisions as 民政部 / 国家统计局 list them (cross-checked with the NBS-derived table in
    /// github.com/khaeru/gb2260 and, for 460300/460400 after 儋州市 became prefecture-level in 2015, current lists).
    /// </summary>
    [Theory]
    [InlineData("460000", "海南省", "Hainan")]
    [InlineData("460100", "海口市", "Haikou")]
    [InlineData("460105", "秀英区", "Xiuying")]
    [InlineData("460106", "龙华区", "Longhua")]
    [InlineData("460107", "琼山区", "Qiongshan")]
    [InlineData("460108", "美兰区", "Meilan")]
    [InlineData("460200", "三亚市", "Sanya")]
    [InlineData("460202", "海棠区", "Haitang")]
    [InlineData("460203", "吉阳区", "Jiyang")]
    [InlineData("460204", "天涯区", "Tianya")]
    [InlineData("460205", "崖州区", "Yazhou")]
    [InlineData("460300", "三沙市", "Sansha")]
    [InlineData("460400", "儋州市", "Danzhou")]
    [InlineData("469001", "五指山市", "Wuzhishan")]
    [InlineData("469002", "琼海市", "Qionghai")]
    [InlineData("469005", "文昌市", "Wenchang")]
    [InlineData("469006", "万宁市", "Wanning")]
    [InlineData("469007", "东方市", "Dongfang")]
    [InlineData("469021", "定安县", "Ding'an")]
    [InlineData("469022", "屯昌县", "Tunchang")]
    [InlineData("469023", "澄迈县", "Chengmai")]
    [InlineData("469024", "临高县", "Lingao")]
    [InlineData("469025", "白沙黎族自治县", "Baisha")]
    [InlineData("469026", "昌江黎族自治县", "Changjiang")]
    [InlineData("469027", "乐东黎族自治县", "Ledong")]
    [InlineData("469028", "陵水黎族自治县", "Lingshui")]
    [InlineData("469029", "保亭黎族苗族自治县", "Baoting")]
    [InlineData("469030", "琼中黎族苗族自治县", "Qiongzhong")]
    public void Parse_hainan_division_has_names(string value, string zh, string en)
    {
        var code = RegionCode.Parse(value);

        Assert.True(code.IsHainan);
        Assert.Equal("46", code.Province);
        Assert.Equal(zh, code.NameZh);
        Assert.Equal(en, code.NameEn);
        Assert.Equal("460000", code.ProvinceRegion.Value);
        Assert.Equal("海南省", code.ProvinceRegion.NameZh);
    }

    [Theory]
    [InlineData("110101")] // 东城区: valid, outside the table
    [InlineData("440305")]
    [InlineData("469003")] // 儋州市's code before 2015: still a well-formed Hainan code, no longer named
    [InlineData("469000")]
    [InlineData("469099")]
    public void Parse_valid_code_outside_the_table_has_no_names(string value)
    {
        var code = RegionCode.Parse(value);

        Assert.Equal(value, code.Value);
        Assert.Null(code.NameZh);
        Assert.Null(code.NameEn);
    }

    [Theory]
    [InlineData(null, "region.required")]
    [InlineData("", "region.required")]
    [InlineData("46010", "region.length")]
    [InlineData("4601000", "region.length")]
    [InlineData("46", "region.length")]
    [InlineData("46010O", "region.character")]
    [InlineData(" 460100", "region.character")]
    [InlineData("460100 ", "region.character")]
    [InlineData("46-0100", "region.character")]
    [InlineData("+460100", "region.character")]
    [InlineData("４６０１００", "region.character")]
    [InlineData("٤٦٠١٠٠", "region.character")]
    [InlineData("460100\u200B", "region.character")]
    [InlineData("000000", "region.province")]
    [InlineData("100000", "region.province")]
    [InlineData("470000", "region.province")]
    [InlineData("990000", "region.province")]
    public void Parse_malformed_input_is_rejected_with_its_code(string? input, string code)
    {
        Rejection.Of(() => RegionCode.Parse(input), code);
        Assert.False(RegionCode.TryParse(input, out var result));
        Assert.Null(result);
    }

    [Theory]
    [InlineData("46010O", "Character 6 is 'O'; a region code has the digits 0–9 only", "第 6 个字符是“O”")]
    [InlineData("４６０１００", "Character 1 is '４' (U+FF14), a full-width character", "是全角字符")]
    [InlineData("٤٦٠١٠٠", "Character 1 is '٤' (U+0664), a digit from another script", "是其他文字的数字")]
    [InlineData("4601000", "A region code has 6 digits; this one has 7 characters.", "这里有 7 个字符")]
    [InlineData("470000", "Hainan is 46), not 47.", "海南为 46），而不是 47。")]
    public void Parse_error_message_names_the_problem_in_both_languages(string input, string en, string zh)
    {
        var error = Assert.Single(Assert.Throws<DomainValidationException>(() => RegionCode.Parse(input)).Errors);

        Assert.Contains(en, error.En, StringComparison.Ordinal);
        Assert.Contains(zh, error.Zh, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_one_megabyte_string_is_rejected_on_length()
    {
        var error = Rejection.Of(() => RegionCode.Parse(new string('4', 1 << 20)), "region.length");

        Assert.Contains("1048576", error.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        Assert.Equal(RegionCode.Parse("469025"), RegionCode.Parse("469025"));
        Assert.Equal(RegionCode.Parse("469025").GetHashCode(), RegionCode.Parse("469025").GetHashCode());
        Assert.NotEqual(RegionCode.Parse("469025"), RegionCode.Parse("469026"));
        Assert.Equal(RegionCode.Parse("460000"), RegionCode.Parse("469025").ProvinceRegion);
    }

    [Fact]
    public void FieldErrors_Try_moves_error_under_the_callers_field()
    {
        var errors = new FieldErrors();

        errors.Try("plot.region", () => RegionCode.Parse("470000"));

        Assert.Equal("plot.region", Assert.Single(errors.All).Field);
    }

    [Fact]
    public void IParsable_generic_parse_uses_the_same_rules()
    {
        Assert.Equal("469025", GtinTests.ParseVia<RegionCode>("469025").Value);
        Assert.False(GtinTests.TryParseVia<RegionCode>("479025"));
    }
}
