using System.Globalization;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Registry;

/// <summary>
/// Rules every free-text field follows (DESIGN.md "Bad input"): any Unicode, bounded length, stored and returned
/// exactly as sent — no trimming, no normalisation — so what a farmer typed is what the record hashes and what reads
/// back. Only text that cannot be stored faithfully is refused: unpaired UTF-16 surrogates have no UTF-8 form, so
/// they could not be hashed canonically (RFC 8785) nor read back byte-identical.
/// </summary>
public static class TextRules
{
    /// <summary>A required text: present, not blank, at most <paramref name="max"/> characters (Unicode scalar values).</summary>
    public static string? Required(FieldErrors errors, string field, string? value, int max)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "required", "is required", "必填");
            return null;
        }

        return Check(errors, field, value, max);
    }

    /// <summary>An optional text: null stays null; otherwise as <see cref="Required"/> but an empty string is allowed.</summary>
    public static string? Optional(FieldErrors errors, string field, string? value, int max) =>
        value is null ? null : Check(errors, field, value, max);

    private static string? Check(FieldErrors errors, string field, string value, int max)
    {
        // Bound the work before counting scalars on a hostile multi-megabyte string.
        if (value.Length > max * 2)
        {
            errors.Add(field, "too_long", $"must be at most {max} characters", $"最多 {max} 个字符");
            return null;
        }

        var scalars = 0;
        for (var i = 0; i < value.Length; i++, scalars++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                errors.Add(field, "invalid_unicode", $"contains an unpaired UTF-16 surrogate at position {i.ToString(CultureInfo.InvariantCulture)}", $"第 {i.ToString(CultureInfo.InvariantCulture)} 位含有不成对的 UTF-16 代理字符");
                return null;
            }
        }

        if (scalars > max)
        {
            errors.Add(field, "too_long", $"must be at most {max} characters, got {scalars}", $"最多 {max} 个字符，实际 {scalars} 个");
            return null;
        }

        return value;
    }
}
