using System.Globalization;
using System.Text;
using EcoValue.Domain.Validation;

namespace EcoValue.Data.Accounts;

/// <summary>
/// What a username, a password and a producer reference must look like, with bilingual field errors. Usernames are
/// identifiers people see and compare, so they exclude spaces, controls and invisible characters (which make two
/// different names look the same); passwords take any Unicode, NFKC-normalised.
/// </summary>
public static class AccountRules
{
    public const int UsernameMinLength = 3;
    public const int UsernameMaxLength = 64;
    public const int PasswordMinLength = 10;
    public const int PasswordMaxLength = 128;
    public const int ProducerIdMaxLength = 64;

    /// <summary>The comparison key of a username: NFKC, lower-cased (invariant), NFKC again. Throws on ill-formed text.</summary>
    public static string UsernameKey(string username)
    {
        ArgumentNullException.ThrowIfNull(username);
        return username.Normalize(NormalizationForm.FormKC).ToLowerInvariant().Normalize(NormalizationForm.FormKC);
    }

    /// <summary>The key, or null when <paramref name="username"/> is not well-formed Unicode (sign-in treats that as unknown).</summary>
    public static string? TryUsernameKey(string? username) =>
        username is not null && IsWellFormed(username) ? UsernameKey(username) : null;

    public static IReadOnlyList<FieldError> CheckUsername(string? username, string field = "username")
    {
        if (string.IsNullOrEmpty(username))
        {
            return [new(field, "username.required", "A username is required.", "请填写用户名。")];
        }

        if (!IsWellFormed(username))
        {
            return [new(field, "username.encoding", "The username is not valid Unicode text.", "用户名不是有效的 Unicode 文本。")];
        }

        var key = UsernameKey(username);
        var length = RuneCount(key);
        if (length is < UsernameMinLength or > UsernameMaxLength)
        {
            return [new(field, "username.length", $"A username has {UsernameMinLength} to {UsernameMaxLength} characters.", $"用户名长度为 {UsernameMinLength} 至 {UsernameMaxLength} 个字符。")];
        }

        foreach (var rune in key.EnumerateRunes())
        {
            if (!IsUsernameRune(rune))
            {
                return [new(field, "username.characters", "A username may use letters, digits and . _ - @ only (no spaces or invisible characters).", "用户名只能包含字母、数字和 . _ - @（不能有空格或不可见字符）。")];
            }
        }

        return [];
    }

    /// <summary>Length 10..128 characters after NFKC, any Unicode, and not the username itself (compared case-insensitively).</summary>
    public static IReadOnlyList<FieldError> CheckPassword(string? password, string? username, string field = "password")
    {
        if (string.IsNullOrEmpty(password))
        {
            return [new(field, "password.required", "A password is required.", "请填写密码。")];
        }

        // Cheap bound first: 4 UTF-16 units per character covers anything NFKC could shrink back into range.
        if (password.Length > PasswordMaxLength * 4 || !TryNormalize(password, out var normalized))
        {
            return password.Length > PasswordMaxLength * 4
                ? [TooLong(field)]
                : [new(field, "password.encoding", "The password is not valid Unicode text.", "密码不是有效的 Unicode 文本。")];
        }

        var length = RuneCount(normalized);
        if (length < PasswordMinLength)
        {
            return [new(field, "password.too_short", $"A password has at least {PasswordMinLength} characters.", $"密码至少需要 {PasswordMinLength} 个字符。")];
        }

        if (length > PasswordMaxLength)
        {
            return [TooLong(field)];
        }

        if (TryUsernameKey(username) is { } key && UsernameKey(normalized) == key)
        {
            return [new(field, "password.equals_username", "The password must not be the username.", "密码不能与用户名相同。")];
        }

        return [];

        static FieldError TooLong(string field) =>
            new(field, "password.too_long", $"A password has at most {PasswordMaxLength} characters.", $"密码最多 {PasswordMaxLength} 个字符。");
    }

    /// <summary>A producer id is an opaque reference (a UUIDv7 from the registry): printable, no spaces, bounded.</summary>
    public static IReadOnlyList<FieldError> CheckProducerId(string? producerId, string field = "producerId")
    {
        if (string.IsNullOrEmpty(producerId))
        {
            return [new(field, "producer.required", "A farmer account needs the producer it belongs to.", "农户账号必须关联所属生产主体。")];
        }

        if (producerId.Length > ProducerIdMaxLength || !producerId.All(c => c is > ' ' and < '\u007f'))
        {
            return [new(field, "producer.format", "The producer id is not a valid id.", "生产主体编号格式不正确。")];
        }

        return [];
    }

    /// <summary>NFKC form of well-formed text; false for text holding a lone surrogate (String.Normalize would throw).</summary>
    public static bool TryNormalize(string text, out string normalized)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsWellFormed(text))
        {
            normalized = string.Empty;
            return false;
        }

        normalized = text.Normalize(NormalizationForm.FormKC);
        return true;
    }

    public static bool IsWellFormed(string text)
    {
        var span = text.AsSpan();
        while (!span.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(span, out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            span = span[consumed..];
        }

        return true;
    }

    private static int RuneCount(string text)
    {
        var n = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            n++;
        }

        return n;
    }

    private static bool IsUsernameRune(Rune rune)
    {
        if (rune.Value is '.' or '_' or '-' or '@')
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
            _ => false,
        };
    }
}
