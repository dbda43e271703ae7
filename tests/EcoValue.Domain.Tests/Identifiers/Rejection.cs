using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Tests.Identifiers;

/// <summary>Asserts the one shape every identifier error has: a single bilingual FieldError with an empty Field.</summary>
internal static class Rejection
{
    public static FieldError Of(Action parse, string code)
    {
        var exception = Assert.Throws<DomainValidationException>(parse);
        var error = Assert.Single(exception.Errors);
        Assert.Equal(string.Empty, error.Field);
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.En));
        Assert.Contains(error.Zh, IsHan);
        Assert.Equal(error.En, exception.Message);
        return error;
    }

    public static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF';
}
