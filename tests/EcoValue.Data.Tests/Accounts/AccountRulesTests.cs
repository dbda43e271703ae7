using EcoValue.Data.Accounts;

namespace EcoValue.Data.Tests.Accounts;

public sealed class AccountRulesTests
{
    private static string[] Codes(IReadOnlyList<EcoValue.Domain.Validation.FieldError> errors) => [.. errors.Select(e => e.Code)];

    [Theory]
    [InlineData("admin", "admin")]
    [InlineData("ADMIN", "admin")]
    [InlineData("ａｄｍｉｎ", "admin")]
    [InlineData("Farmer.Li", "farmer.li")]
    [InlineData("李农户", "李农户")]
    [InlineData("ﬁeld", "field")]
    public void UsernameKey_isNfkcLowerCase(string username, string key) => Assert.Equal(key, AccountRules.UsernameKey(username));

    [Theory]
    [InlineData("abc")]
    [InlineData("farmer_01")]
    [InlineData("li.wei@coop")]
    [InlineData("黎族合作社")]
    [InlineData("ÅSA-Ø")]
    public void CheckUsername_acceptsLettersDigitsAndFewMarks(string username) => Assert.Empty(AccountRules.CheckUsername(username));

    [Theory]
    [InlineData(null, "username.required")]
    [InlineData("", "username.required")]
    [InlineData("ab", "username.length")]
    [InlineData("has space", "username.characters")]
    [InlineData("tab\there", "username.characters")]
    [InlineData("zero\u200Bwidth", "username.characters")]
    [InlineData("bidi\u202Eevil", "username.characters")]
    [InlineData("semi;colon", "username.characters")]
    public void CheckUsername_refuses(string? username, string code) => Assert.Equal([code], Codes(AccountRules.CheckUsername(username)));

    [Fact]
    public void CheckUsername_loneSurrogate_isAnEncodingError()
    {
        // Built in code: attribute data would turn the lone surrogate into U+FFFD before the test sees it.
        Assert.Equal(["username.encoding"], Codes(AccountRules.CheckUsername("lone" + '\uD800' + "x")));
        Assert.Null(AccountRules.TryUsernameKey("x" + '\uDC00'));
    }

    [Fact]
    public void CheckUsername_lengthCountsCharactersNotUtf16Units()
    {
        Assert.Empty(AccountRules.CheckUsername(string.Concat(Enumerable.Repeat("𠀀", 64))));
        Assert.Equal(["username.length"], Codes(AccountRules.CheckUsername(string.Concat(Enumerable.Repeat("𠀀", 65)))));
    }

    [Theory]
    [InlineData("0123456789")]
    [InlineData("密码密码密码密码密码")]
    [InlineData("with spaces and emoji 🌴")]
    [InlineData("\u0000control\u0001chars")]
    public void CheckPassword_acceptsAnyUnicodeOf10To128Characters(string password) => Assert.Empty(AccountRules.CheckPassword(password, "someone"));

    [Fact]
    public void CheckPassword_bounds()
    {
        Assert.Equal(["password.required"], Codes(AccountRules.CheckPassword(null, "u")));
        Assert.Equal(["password.too_short"], Codes(AccountRules.CheckPassword("123456789", "u")));
        Assert.Empty(AccountRules.CheckPassword(new string('x', 128), "u"));
        Assert.Equal(["password.too_long"], Codes(AccountRules.CheckPassword(new string('x', 129), "u")));
        Assert.Equal(["password.too_long"], Codes(AccountRules.CheckPassword(new string('x', 100_000), "u")));
        // 128 astral characters are 256 UTF-16 units and still fine.
        Assert.Empty(AccountRules.CheckPassword(string.Concat(Enumerable.Repeat("🌴", 128)), "u"));
        Assert.Equal(["password.encoding"], Codes(AccountRules.CheckPassword("long enough \uDC00", "u")));
    }

    [Theory]
    [InlineData("farmer.wang.2026", "Farmer.Wang.2026")]
    [InlineData("ＦＡＲＭＥＲ.ＷＡＮＧ.2026", "farmer.wang.2026")]
    public void CheckPassword_equalToTheUsername_ignoringCaseAndWidth_isRefused(string password, string username) =>
        Assert.Equal(["password.equals_username"], Codes(AccountRules.CheckPassword(password, username)));
}
