namespace EcoValue.Data;

/// <summary>
/// The few SQL fragments that differ between the engines (JSON access). Everything else the repositories write is
/// SQL both accept: named <c>@parameters</c>, <c>ON CONFLICT</c>, <c>RETURNING</c>, window functions, subqueries with
/// aliases, <c>CAST(… AS DOUBLE PRECISION)</c>.
/// </summary>
public sealed class SqlDialect
{
    public static readonly SqlDialect Sqlite = new(
        (column, key) => $"json_extract({column}, '$.{key}')",
        (column, key) => $"json_extract({column}, '$.{key}')",
        parameter => $"SELECT value FROM json_each({parameter})",
        column => $"CAST({column} AS BLOB)");

    public static readonly SqlDialect Postgres = new(
        (column, key) => $"(CAST({column} AS jsonb) ->> '{key}')",
        (column, key) => $"CAST(CAST({column} AS jsonb) ->> '{key}' AS bigint)",
        parameter => $"SELECT jsonb_array_elements_text(CAST({parameter} AS jsonb))",
        column => column);

    private readonly Func<string, string, string> _jsonText;
    private readonly Func<string, string, string> _jsonInteger;
    private readonly Func<string, string> _jsonArrayValues;
    private readonly Func<string, string> _bytes;

    private SqlDialect(Func<string, string, string> jsonText, Func<string, string, string> jsonInteger, Func<string, string> jsonArrayValues, Func<string, string> bytes)
    {
        _bytes = bytes;
        _jsonText = jsonText;
        _jsonInteger = jsonInteger;
        _jsonArrayValues = jsonArrayValues;
    }

    /// <summary>The text of top-level member <paramref name="key"/> of the JSON object in <paramref name="column"/>.</summary>
    public string JsonText(string column, string key) => _jsonText(column, key);

    /// <summary>Top-level member <paramref name="key"/> (a JSON integer) of the JSON object in <paramref name="column"/>, as an integer.</summary>
    public string JsonInteger(string column, string key) => _jsonInteger(column, key);

    /// <summary>
    /// A binary column read as bytes whatever it holds: SQLite columns take any type (a hand-edited file may hold text in
    /// a BLOB column), PostgreSQL's bytea holds only bytes.
    /// </summary>
    public string Bytes(string column) => _bytes(column);

    /// <summary>A subquery of the strings in the JSON array given as <paramref name="parameter"/> (one parameter however long the list).</summary>
    public string JsonArrayValues(string parameter) => _jsonArrayValues(parameter);
}
