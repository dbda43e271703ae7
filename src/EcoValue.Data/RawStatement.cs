using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EcoValue.Data;

/// <summary>
/// A statement prepared once and run many times on a connection's native handle, bound by position. For bulk
/// writes, and the reads inside them, only (a 10,000-event capture writes 20,000 rows in one transaction; an anchoring
/// window assigns 10,000 leaves; the scan writer reads each code's row before writing it back): Microsoft.Data.Sqlite
/// looks every parameter up by name on every execution, which cost more than the insert itself. It runs inside
/// whatever transaction the connection has open; errors become <see cref="SqliteException"/> as from a command.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public RawStatement(SqliteConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    /// <summary>Binds parameter <paramref name="index"/> (1-based, in the order of the SQL's placeholders).</summary>
    public void Bind(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, value));

    public void Bind(int index, byte[] value) => Check(raw.sqlite3_bind_blob(_statement, index, value));

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, double? value) =>
        Check(value is { } v ? raw.sqlite3_bind_double(_statement, index, v) : raw.sqlite3_bind_null(_statement, index));

    /// <summary>Runs the statement to completion and readies it for the next bindings; returns the rows it changed.</summary>
    public int Run()
    {
        var rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE)
        {
            throw Error(rc);
        }

        return raw.sqlite3_changes(_db);
    }

    /// <summary>
    /// Steps a query: true with a row to read (<see cref="Text"/>, <see cref="Int64"/>), false when done. Call
    /// <see cref="Reset"/> before binding it again.
    /// </summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc is raw.SQLITE_ROW or raw.SQLITE_DONE)
        {
            return rc == raw.SQLITE_ROW;
        }

        raw.sqlite3_reset(_statement);
        throw Error(rc);
    }

    /// <summary>Readies a stepped query for the next bindings.</summary>
    public void Reset() => raw.sqlite3_reset(_statement);

    public string? Text(int column) =>
        raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(_statement, column).utf8_to_string();

    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    public bool IsBlob(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_BLOB;

    /// <summary>A BLOB column's bytes, valid until the statement is stepped or reset.</summary>
    public ReadOnlySpan<byte> Blob(int column) => raw.sqlite3_column_blob(_statement, column);

    public double? Double(int column) =>
        raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_double(_statement, column);

    public void Dispose() => _statement.Dispose();

    private void Check(int rc) => Check(_db, rc);

    private SqliteException Error(int rc) => Error(_db, rc);

    /// <summary>Throws <see cref="Error(sqlite3, int)"/> unless <paramref name="rc"/> is SQLITE_OK.</summary>
    internal static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw Error(db, rc);
        }
    }

    /// <summary>A native result code as the <see cref="SqliteException"/> a command would throw: message and extended code.</summary>
    internal static SqliteException Error(sqlite3 db, int rc) => new(raw.sqlite3_errmsg(db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(db));
}
