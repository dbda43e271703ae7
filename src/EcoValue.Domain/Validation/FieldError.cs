namespace EcoValue.Domain.Validation;

/// <summary>
/// One thing wrong with one input field, said in both languages the product speaks (DESIGN.md "Bad input": problem+json
/// with per-field errors, zh/en by Accept-Language). <paramref name="Field"/> is the JSON path the client sent
/// (camelCase, dots and [i] for nesting, e.g. <c>analytes[2].unit</c>); <paramref name="Code"/> is stable and
/// machine-readable (e.g. <c>gtin.check_digit</c>) so clients need not parse prose.
/// </summary>
public sealed record FieldError(string Field, string Code, string En, string Zh)
{
    /// <summary>The message in the language asked for: Chinese when the culture is zh-*, English otherwise.</summary>
    public string Message(bool chinese) => chinese ? Zh : En;

    /// <summary>The same error moved under a parent path (<c>plot</c> + <c>area</c> = <c>plot.area</c>).</summary>
    public FieldError Under(string parent) =>
        string.IsNullOrEmpty(parent) ? this : this with { Field = string.IsNullOrEmpty(Field) ? parent : Field.StartsWith('[') ? parent + Field : parent + "." + Field };
}

/// <summary>
/// Bad input found by a domain parser or validator: all the field errors at once, so a form can show every problem
/// in one round trip. The API turns it into a 400 problem+json with an <c>errors</c> member.
/// </summary>
public sealed class DomainValidationException : DomainException
{
    public DomainValidationException(IReadOnlyList<FieldError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public DomainValidationException(FieldError error)
        : this([error])
    {
    }

    public DomainValidationException()
        : this([])
    {
    }

    public DomainValidationException(string message)
        : this([new FieldError(string.Empty, "invalid", message, message)])
    {
    }

    public DomainValidationException(string message, Exception inner)
        : base(message, inner)
    {
        Errors = [new FieldError(string.Empty, "invalid", message, message)];
    }

    public IReadOnlyList<FieldError> Errors { get; }

    private static string Describe(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 0 ? "invalid input" : string.Join("; ", errors.Select(e => string.IsNullOrEmpty(e.Field) ? e.En : $"{e.Field}: {e.En}"));
    }
}

/// <summary>Collects field errors while a whole input is checked, then throws them together.</summary>
public sealed class FieldErrors
{
    private readonly List<FieldError> _errors = [];

    public bool Any => _errors.Count > 0;

    public IReadOnlyList<FieldError> All => _errors;

    public void Add(FieldError error) => _errors.Add(error);

    public void Add(string field, string code, string en, string zh) => _errors.Add(new FieldError(field, code, en, zh));

    public void AddRange(IEnumerable<FieldError> errors) => _errors.AddRange(errors);

    /// <summary>Runs a parse that may throw <see cref="DomainValidationException"/>; keeps its errors under <paramref name="field"/> and returns default on failure.</summary>
    public T? Try<T>(string field, Func<T> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        try
        {
            return parse();
        }
        catch (DomainValidationException e)
        {
            _errors.AddRange(e.Errors.Select(x => x.Under(field)));
            return default;
        }
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new DomainValidationException([.. _errors]);
        }
    }
}
