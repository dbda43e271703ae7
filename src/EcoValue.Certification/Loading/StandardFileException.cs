using System.Globalization;
using EcoValue.Domain;
using EcoValue.Domain.Validation;

namespace EcoValue.Certification;

/// <summary>
/// One thing wrong with a standard file, located so its author can go straight to it: the file, the 1-based line and
/// column in the YAML text, and the field path in the JSON form (<c>criteria[2].max_mg_per_kg</c>; empty for the
/// whole document). <see cref="Code"/> is stable (<c>yaml.duplicate_key</c>, <c>standard.required</c> …) so tools
/// need not parse the prose, which comes in English and Chinese.
/// </summary>
public sealed record StandardError(string File, int Line, int Column, string Field, string Code, string En, string Zh)
{
    /// <summary><c>file:line:column: field: message</c>, the form compilers use, so editors can jump to it.</summary>
    public string Format(bool chinese = false)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}");
        var message = chinese ? Zh : En;
        return Field.Length == 0 ? $"{where}: {message}" : $"{where}: {Field}: {message}";
    }

    /// <summary>The same error as the domain's field error (for an API that reports problems per field).</summary>
    public FieldError ToFieldError() => new(Field, Code, En, Zh);

    public override string ToString() => Format();
}

/// <summary>
/// A standard file (or a folder of them) that cannot be loaded: every error found, not just the first, so an author
/// fixes a file in one pass. Thrown by <see cref="StandardLoader"/> and <see cref="StandardCatalog"/>.
/// </summary>
public sealed class StandardFileException : DomainException
{
    public StandardFileException(IReadOnlyList<StandardError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public StandardFileException()
        : this([])
    {
    }

    public StandardFileException(string message)
        : base(message)
    {
        Errors = [];
    }

    public StandardFileException(string message, Exception inner)
        : base(message, inner)
    {
        Errors = [];
    }

    public IReadOnlyList<StandardError> Errors { get; }

    private static string Describe(IReadOnlyList<StandardError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 0 ? "invalid standard file" : string.Join(Environment.NewLine, errors.Select(e => e.Format()));
    }
}
