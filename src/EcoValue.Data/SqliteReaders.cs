using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EcoValue.Data;

/// <summary>
/// SQLite's path for the reads a scan answer makes (<see cref="SqliteDatabase.ReadPreparedAsync{T}"/>): a few read-only
/// connections of its own, outside Microsoft.Data.Sqlite's pool, each keeping its statements prepared. A pooled
/// command compiles its SQL on every execution, which at thousands of scans a second was a third of the service's
/// SQLite time (docs/peers.md, "Scan verify"). SQLite calls are synchronous, so a reader is held only for the
/// microseconds of one read and a handful of them serve the whole process.
/// </summary>
internal sealed class SqliteReaders(string connectionString, string pragmas) : IDisposable
{
    // Idle readers kept for the next read. Reads overlap only as far as threads run at once, so a few per core
    // suffice; a reader beyond that is closed on return rather than kept (opening one costs a file open and a prepare).
    private static readonly int MaxIdle = Math.Max(8, Environment.ProcessorCount * 4);

    private readonly ConcurrentBag<Reader> _idle = [];
    private volatile bool _disposed;

    // The bag's own Count locks every thread's list: too dear for each return, so the idle readers are counted here.
    private int _idleCount;
    private int _opened;

    /// <summary>Runs <paramref name="sql"/> with <paramref name="args"/> bound and hands its rows to <paramref name="read"/>.</summary>
    public T Read<T>(string sql, IReadOnlyList<SqlArg> args, Func<ISqlRows, T> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var reader))
        {
            Interlocked.Decrement(ref _idleCount);
        }
        else
        {
            reader = Reader.Open(connectionString, pragmas);
            Interlocked.Increment(ref _opened);
        }

        T result;
        try
        {
            result = reader.Run(sql, args, read);
        }
        catch
        {
            // Whatever failed (a bad statement, a disk error), the next read gets a fresh connection, never one left
            // in a state nobody checked.
            reader.Dispose();
            throw;
        }

        // A place among the idle is taken before the reader goes in, so the count never lets more than MaxIdle stay.
        var keep = !_disposed;
        if (keep && Interlocked.Increment(ref _idleCount) > MaxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            keep = false;
        }

        if (!keep)
        {
            reader.Dispose();
            return result;
        }

        _idle.Add(reader);
        if (_disposed)
        {
            // Dispose ran between the check and the Add: it may have missed this one.
            CloseIdle();
        }

        return result;
    }

    /// <summary>Reader connections opened so far (tests: a few serve many reads).</summary>
    internal int Opened => Volatile.Read(ref _opened);

    /// <summary>
    /// How often SQLite compiled the idle readers' statements again after their first preparation (tests: a statement
    /// whose plan depends on a binding is recompiled on every new binding, which keeping it prepared must not allow).
    /// </summary>
    internal long Recompiles => _idle.Sum(r => r.Recompiles);

    public void Dispose()
    {
        _disposed = true;
        CloseIdle();
    }

    private void CloseIdle()
    {
        while (_idle.TryTake(out var reader))
        {
            Interlocked.Decrement(ref _idleCount);
            reader.Dispose();
        }
    }

    /// <summary>One read-only connection and the statements prepared on it, keyed by their SQL.</summary>
    private sealed class Reader : IDisposable, ISqlRows
    {
        // SQLITE_STMTSTATUS_REPREPARE (sqlite3.h), which SQLitePCLRaw does not name.
        private const int StatementStatusReprepare = 5;

        private readonly SqliteConnection _connection;
        private readonly sqlite3 _db;
        private readonly Dictionary<string, sqlite3_stmt> _statements = new(StringComparer.Ordinal);
        private sqlite3_stmt? _current;

        private Reader(SqliteConnection connection)
        {
            _connection = connection;
            _db = connection.Handle!;
        }

        public static Reader Open(string connectionString, string pragmas)
        {
            var connection = new SqliteConnection(connectionString);
            try
            {
                connection.Open();
                using var pragma = connection.CreateCommand();
                // query_only: a statement given here can never write, whatever its text says.
                pragma.CommandText = pragmas + " PRAGMA query_only=1;";
                pragma.ExecuteNonQuery();
                return new Reader(connection);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        public T Run<T>(string sql, IReadOnlyList<SqlArg> args, Func<ISqlRows, T> read)
        {
            if (!_statements.TryGetValue(sql, out var statement))
            {
                Check(raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out statement, out var tail));
                if (!string.IsNullOrWhiteSpace(tail))
                {
                    statement.Dispose();
                    throw new ArgumentException("one statement only", nameof(sql));
                }

                _statements[sql] = statement;
            }

            try
            {
                foreach (var (name, value) in args)
                {
                    var index = raw.sqlite3_bind_parameter_index(statement, name);
                    if (index == 0)
                    {
                        throw new ArgumentException($"the statement has no parameter {name}", nameof(args));
                    }

                    Check(value switch
                    {
                        null => raw.sqlite3_bind_null(statement, index),
                        string s => raw.sqlite3_bind_text(statement, index, s),
                        long l => raw.sqlite3_bind_int64(statement, index, l),
                        int i => raw.sqlite3_bind_int64(statement, index, i),
                        double d => raw.sqlite3_bind_double(statement, index, d),
                        byte[] b => raw.sqlite3_bind_blob(statement, index, b),
                        _ => throw new ArgumentException($"parameter {name}: values of type {value.GetType().Name} are not supported", nameof(args)),
                    });
                }

                _current = statement;
                return read(this);
            }
            finally
            {
                // Reset ends the statement's read transaction: an idle reader holds no snapshot (the WAL can restart).
                _current = null;
                raw.sqlite3_reset(statement);
                raw.sqlite3_clear_bindings(statement);
            }
        }

        public bool Read()
        {
            var statement = _current ?? throw new InvalidOperationException("rows are readable only inside the read callback");
            return raw.sqlite3_step(statement) switch
            {
                raw.SQLITE_ROW => true,
                raw.SQLITE_DONE => false,
                var rc => throw Error(rc),
            };
        }

        public long Recompiles => _statements.Values.Sum(s => (long)raw.sqlite3_stmt_status(s, StatementStatusReprepare, 0));

        public bool IsNull(int column) => raw.sqlite3_column_type(_current, column) == raw.SQLITE_NULL;

        public string GetString(int column) => raw.sqlite3_column_text(_current, column).utf8_to_string();

        public long GetInt64(int column) => raw.sqlite3_column_int64(_current, column);

        public double GetDouble(int column) => raw.sqlite3_column_double(_current, column);

        public bool IsBytes(int column) => raw.sqlite3_column_type(_current, column) == raw.SQLITE_BLOB;

        public ReadOnlySpan<byte> GetBytes(int column) => raw.sqlite3_column_blob(_current, column);

        public void Dispose()
        {
            foreach (var statement in _statements.Values)
            {
                statement.Dispose();
            }

            _statements.Clear();
            _connection.Dispose();
        }

        private void Check(int rc) => RawStatement.Check(_db, rc);

        private SqliteException Error(int rc) => RawStatement.Error(_db, rc);
    }
}
