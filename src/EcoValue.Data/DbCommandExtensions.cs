using System.Data.Common;

namespace EcoValue.Data;

/// <summary>
/// <c>AddWithValue</c> for any ADO.NET provider: hand-written commands (the paged readers) bind through the common
/// <see cref="DbCommand"/> API so they do not tie a repository to one engine's parameter type.
/// </summary>
internal static class DbCommandExtensions
{
    /// <summary>Adds a parameter whose type the provider infers from <paramref name="value"/>, as <c>AddWithValue</c> does.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
