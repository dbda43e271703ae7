namespace EcoValue.Data;

/// <summary>
/// The rows of a <see cref="Database.ReadPreparedAsync{T}"/> read, one at a time: <see cref="Read"/> moves to the next
/// row, the getters read its columns by position. Valid only inside the read callback.
/// </summary>
public interface ISqlRows
{
    /// <summary>Moves to the next row; false when there is none.</summary>
    bool Read();

    bool IsNull(int column);

    string GetString(int column);

    long GetInt64(int column);

    double GetDouble(int column);

    /// <summary>True when the column holds bytes (SQLite BLOB, PostgreSQL bytea), not text or a number.</summary>
    bool IsBytes(int column);

    /// <summary>The column's bytes (<see cref="IsBytes"/>); valid until the next <see cref="Read"/>.</summary>
    ReadOnlySpan<byte> GetBytes(int column);
}

/// <summary>A named parameter of a <see cref="Database.ReadPreparedAsync{T}"/> read (<c>@name</c> in the SQL).</summary>
public readonly record struct SqlArg(string Name, object? Value);
