using System.Globalization;
using System.Text;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Identifiers;

/// <summary>
/// Shared wording for identifier errors. Every message names the exact character and its position, because the
/// user is usually copying a code off a label or a licence and needs to know which glyph to look at again.
/// </summary>
internal static class IdentifierText
{
    /// <summary>
    /// Inputs longer than this are rejected on their length alone, before any character is read, so a 1 MB string
    /// costs nothing. Shorter ones are scanned first: "character 15 is a space" helps more than "15 characters".
    /// </summary>
    internal const int ScanLimit = 64;

    internal static FieldError Error(string code, string en, string zh) => new(string.Empty, code, en, zh);

    internal static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The character at <paramref name="index"/> as a user can recognise it: printable characters quoted (with their
    /// code point when not ASCII, so look-alikes such as '１' or 'О' (Cyrillic) are told apart), invisible ones
    /// (spaces, controls, format characters, lone surrogates) by name or code point only.
    /// </summary>
    internal static (string En, string Zh) Describe(string s, int index)
    {
        var status = Rune.DecodeFromUtf16(s.AsSpan(index), out var rune, out _);
        if (status != System.Buffers.OperationStatus.Done)
        {
            var unit = "U+" + ((int)s[index]).ToString("X4", CultureInfo.InvariantCulture);
            return ($"{unit} (half of a broken surrogate pair)", $"{unit}（不完整的代理对）");
        }

        var code = "U+" + rune.Value.ToString("X4", CultureInfo.InvariantCulture);
        switch (rune.Value)
        {
            case ' ':
                return ("a space", "空格");
            case '\t':
                return ("a tab (U+0009)", "制表符（U+0009）");
            case '\n' or '\r':
                return ($"a line break ({code})", $"换行符（{code}）");
            case 0x3000:
                return ("a full-width space (U+3000)", "全角空格（U+3000）");
            case 0x00A0:
                return ("a no-break space (U+00A0)", "不间断空格（U+00A0）");
            case 0xFEFF or 0x200B or 0x200C or 0x200D or 0x2060:
                return ($"an invisible zero-width character ({code})", $"不可见的零宽字符（{code}）");
        }

        var category = Rune.GetUnicodeCategory(rune);
        var invisible = category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.SpaceSeparator
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate;
        if (invisible)
        {
            return ($"the invisible character {code}", $"不可见字符 {code}");
        }

        var glyph = rune.ToString();
        return rune.IsAscii ? ($"'{glyph}'", $"“{glyph}”") : ($"'{glyph}' ({code})", $"“{glyph}”（{code}）");
    }

    /// <summary>
    /// The error for character <paramref name="i"/> of an all-digit code (GTIN, GS1 key, region code), naming the
    /// character and, where it helps, why it looks right but is not (full-width, another script, a letter for a digit).
    /// </summary>
    internal static FieldError NotADigit(string code, string nameEn, string nameZh, string s, int i)
    {
        var (en, zh) = Describe(s, i);
        var (whyEn, whyZh) = Foreign(s, i);
        var (hintEn, hintZh) = DigitLookAlike(s[i]);
        var pos = Number(i + 1);
        return Error(
            code,
            $"Character {pos} is {en}{whyEn}; {nameEn} has the digits 0–9 only, with no spaces or other characters.{hintEn}",
            $"第 {pos} 个字符是{zh}{whyZh}；{nameZh}只能包含半角数字 0–9，不能有空格或其他字符。{hintZh}");
    }

    /// <summary>
    /// Why a printable non-ASCII character is not the ASCII one it resembles, as a clause to follow its description;
    /// empty for anything else. Chinese input methods produce full-width forms (U+FF01..FF5E); other keyboards give
    /// digits of other scripts (Arabic-Indic '١') or look-alike letters (Cyrillic 'О').
    /// </summary>
    internal static (string En, string Zh) Foreign(string s, int index)
    {
        if (Rune.DecodeFromUtf16(s.AsSpan(index), out var rune, out _) != System.Buffers.OperationStatus.Done || rune.IsAscii)
        {
            return (string.Empty, string.Empty);
        }

        if (rune.Value is >= 0xFF01 and <= 0xFF5E)
        {
            return (", a full-width character (switch the input method to half-width)", "，是全角字符（请切换到半角输入）");
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.DecimalDigitNumber => (", a digit from another script", "，是其他文字的数字"),
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter => (", a letter from another alphabet (it may look like a Latin one)", "，是其他文字的字母（可能与拉丁字母形似）"),
            _ => (string.Empty, string.Empty),
        };
    }

    /// <summary>A hint for letters typed in place of the digits they resemble; empty for other characters.</summary>
    internal static (string En, string Zh) DigitLookAlike(char c) => c switch
    {
        'O' or 'o' => (" Is it the digit 0?", "是否应为数字 0？"),
        'I' or 'i' or 'l' => (" Is it the digit 1?", "是否应为数字 1？"),
        'Z' or 'z' => (" Is it the digit 2?", "是否应为数字 2？"),
        'S' or 's' => (" Is it the digit 5?", "是否应为数字 5？"),
        _ => (string.Empty, string.Empty),
    };
}
