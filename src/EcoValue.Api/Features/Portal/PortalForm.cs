using System.Globalization;
using EcoValue.Domain.Validation;

namespace EcoValue.Api.Features.Portal;

/// <summary>One option of a select.</summary>
public sealed record Choice(string Value, string Label);

/// <summary>What the <c>_Field</c> partial renders: a labelled input (or select, or textarea) with its hint and errors.</summary>
public sealed record FieldView(
    string Name, string Label, string Value, IReadOnlyList<string> Errors, string Type = "text", string? Hint = null, bool Required = false,
    string? InputMode = null, string? Autocomplete = null, IReadOnlyList<Choice>? Choices = null)
{
    /// <summary>An element id from the field's name (<c>analytes[2].unit</c> → <c>f-analytes-2--unit</c>).</summary>
    public string Id => IdFor(Name);

    public string HintId => Id + "-hint";

    public string ErrorId => Id + "-error";

    public string? DescribedBy => (Hint, Errors.Count) switch
    {
        (null, 0) => null,
        (null, _) => ErrorId,
        (_, 0) => HintId,
        _ => HintId + " " + ErrorId,
    };

    public static string IdFor(string name) =>
        "f-" + string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-'));
}

/// <summary>
/// A posted form as the user typed it, plus the errors to show beside each field. Field names are the JSON paths the
/// domain validators report (<c>contact.phone</c>, <c>analytes[2].unit</c>), so a <see cref="FieldError"/> lands next
/// to the input it is about; errors about no rendered field go to the summary at the top. Values are kept verbatim:
/// what the user typed is what the form shows again (Razor encodes it).
/// </summary>
public sealed class PortalForm(bool zh, IReadOnlyDictionary<string, Text> labels)
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly List<FieldError> _errors = [];
    private readonly HashSet<string> _unparsable = new(StringComparer.Ordinal);

    public bool Zh => zh;

    public bool HasErrors => _errors.Count > 0;

    public IReadOnlyList<FieldError> Errors => _errors;

    /// <summary>Takes every posted field named in <paramref name="labels"/> (others, like the antiforgery token, are not kept).</summary>
    public static PortalForm From(IFormCollection form, bool zh, IReadOnlyDictionary<string, Text> labels, IEnumerable<string>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(labels);
        var result = new PortalForm(zh, labels);
        foreach (var name in labels.Keys.Concat(extra ?? []))
        {
            if (form.TryGetValue(name, out var value) && value.Count > 0)
            {
                result._values[name] = value[0] ?? string.Empty;
            }
        }

        return result;
    }

    public string this[string name]
    {
        get => _values.TryGetValue(name, out var v) ? v : string.Empty;
        set => _values[name] = value;
    }

    /// <summary>The text as typed, or null when the field was left empty (an empty form field means "not given").</summary>
    public string? Text(string name) => _values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    /// <summary>True when any of the fields has something in it.</summary>
    public bool AnyFilled(params string[] names) => names.Any(n => Text(n) is not null);

    /// <summary>A decimal number (invariant: 12.5); null when empty; a field error when it is not a number.</summary>
    public double? Number(string name)
    {
        if (Text(name) is not { } text)
        {
            return null;
        }

        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        _unparsable.Add(name);
        _errors.Add(new FieldError(name, "number.format", PortalText.NotANumber.En, PortalText.NotANumber.Zh));
        return null;
    }

    public void Add(FieldError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        // A number we could not parse went to the validator as "missing"; its own message says more.
        if (error.Code == "required" && _unparsable.Contains(error.Field))
        {
            return;
        }

        _errors.Add(error);
    }

    public void Add(string field, Text message) => Add(new FieldError(field, "portal", message.En, message.Zh));

    /// <summary>Adds a validator's errors, optionally moving each to another field name first.</summary>
    public void AddAll(IEnumerable<FieldError> errors, Func<string, string>? rename = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var e in errors)
        {
            Add(rename is null ? e : e with { Field = rename(e.Field) });
        }
    }

    public IReadOnlyList<string> ErrorsFor(string name) =>
        [.. _errors.Where(e => string.Equals(e.Field, name, StringComparison.Ordinal)).Select(e => e.Message(zh))];

    /// <summary>Every error for the summary: the field's label (null for errors about no rendered field), its input id, the message.</summary>
    public IEnumerable<(string? Label, string Id, string Message)> Summary() =>
        _errors.Select(e => (labels.TryGetValue(e.Field, out var label) ? label.In(zh) : null, FieldView.IdFor(e.Field), e.Message(zh)));

    public FieldView Field(string name, string type = "text", Text? hint = null, bool required = false, string? inputMode = null, string? autocomplete = null, IReadOnlyList<Choice>? choices = null) =>
        new(name, labels.TryGetValue(name, out var label) ? label.In(zh) : name, this[name], ErrorsFor(name), type, hint?.In(zh), required, inputMode, autocomplete, choices);
}
