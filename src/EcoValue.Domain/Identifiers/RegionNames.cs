using System.Collections.Frozen;

namespace EcoValue.Domain.Identifiers;

/// <summary>
/// Display names for the GB/T 2260 codes this service meets most: every province-level division, and Hainan down to
/// county level (the producers are in Hainan). Not a complete register: a code missing here is still a valid
/// <see cref="RegionCode"/>, it just has no name to show.
/// </summary>
/// <remarks>
/// Source: 中华人民共和国行政区划代码, as published by 民政部 (Ministry of Civil Affairs, 县级以上行政区划代码) and
/// 国家统计局 (统计用区划代码); checked against the NBS-derived table in github.com/khaeru/gb2260 (gb2260/data/latest.csv)
/// for 46xxxx. Changes since that table and reflected here: 儋州市 became prefecture-level in 2015 (469003 → 460400);
/// 三沙市 (460300) was created in 2012. English names are the customary short forms: the pinyin of the place name
/// without its administrative suffix (Inner Mongolia, Hong Kong and Macao by their usual English names).
/// </remarks>
internal static class RegionNames
{
    internal static readonly FrozenDictionary<string, (string Zh, string En)> ByCode = new Dictionary<string, (string Zh, string En)>
    {
        ["110000"] = ("北京市", "Beijing"),
        ["120000"] = ("天津市", "Tianjin"),
        ["130000"] = ("河北省", "Hebei"),
        ["140000"] = ("山西省", "Shanxi"),
        ["150000"] = ("内蒙古自治区", "Inner Mongolia"),
        ["210000"] = ("辽宁省", "Liaoning"),
        ["220000"] = ("吉林省", "Jilin"),
        ["230000"] = ("黑龙江省", "Heilongjiang"),
        ["310000"] = ("上海市", "Shanghai"),
        ["320000"] = ("江苏省", "Jiangsu"),
        ["330000"] = ("浙江省", "Zhejiang"),
        ["340000"] = ("安徽省", "Anhui"),
        ["350000"] = ("福建省", "Fujian"),
        ["360000"] = ("江西省", "Jiangxi"),
        ["370000"] = ("山东省", "Shandong"),
        ["410000"] = ("河南省", "Henan"),
        ["420000"] = ("湖北省", "Hubei"),
        ["430000"] = ("湖南省", "Hunan"),
        ["440000"] = ("广东省", "Guangdong"),
        ["450000"] = ("广西壮族自治区", "Guangxi"),
        ["460000"] = ("海南省", "Hainan"),
        ["500000"] = ("重庆市", "Chongqing"),
        ["510000"] = ("四川省", "Sichuan"),
        ["520000"] = ("贵州省", "Guizhou"),
        ["530000"] = ("云南省", "Yunnan"),
        ["540000"] = ("西藏自治区", "Xizang"),
        ["610000"] = ("陕西省", "Shaanxi"),
        ["620000"] = ("甘肃省", "Gansu"),
        ["630000"] = ("青海省", "Qinghai"),
        ["640000"] = ("宁夏回族自治区", "Ningxia"),
        ["650000"] = ("新疆维吾尔自治区", "Xinjiang"),
        ["710000"] = ("台湾省", "Taiwan"),
        ["810000"] = ("香港特别行政区", "Hong Kong"),
        ["820000"] = ("澳门特别行政区", "Macao"),

        // Hainan: prefecture-level cities and their districts.
        ["460100"] = ("海口市", "Haikou"),
        ["460105"] = ("秀英区", "Xiuying"),
        ["460106"] = ("龙华区", "Longhua"),
        ["460107"] = ("琼山区", "Qiongshan"),
        ["460108"] = ("美兰区", "Meilan"),
        ["460200"] = ("三亚市", "Sanya"),
        ["460202"] = ("海棠区", "Haitang"),
        ["460203"] = ("吉阳区", "Jiyang"),
        ["460204"] = ("天涯区", "Tianya"),
        ["460205"] = ("崖州区", "Yazhou"),
        ["460300"] = ("三沙市", "Sansha"),
        ["460400"] = ("儋州市", "Danzhou"),

        // Hainan: county-level divisions administered directly by the province (省直辖县级行政区划, 4690xx).
        ["469001"] = ("五指山市", "Wuzhishan"),
        ["469002"] = ("琼海市", "Qionghai"),
        ["469005"] = ("文昌市", "Wenchang"),
        ["469006"] = ("万宁市", "Wanning"),
        ["469007"] = ("东方市", "Dongfang"),
        ["469021"] = ("定安县", "Ding'an"),
        ["469022"] = ("屯昌县", "Tunchang"),
        ["469023"] = ("澄迈县", "Chengmai"),
        ["469024"] = ("临高县", "Lingao"),
        ["469025"] = ("白沙黎族自治县", "Baisha"),
        ["469026"] = ("昌江黎族自治县", "Changjiang"),
        ["469027"] = ("乐东黎族自治县", "Ledong"),
        ["469028"] = ("陵水黎族自治县", "Lingshui"),
        ["469029"] = ("保亭黎族苗族自治县", "Baoting"),
        ["469030"] = ("琼中黎族苗族自治县", "Qiongzhong"),
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
