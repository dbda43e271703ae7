using SQLitePCL;

namespace EcoValue.Data;

/// <summary>
/// Process-wide SQLite settings, made before the library's first use (sqlite3_config refuses them after that).
/// </summary>
public static class SqliteRuntime
{
    private static readonly Lock Gate = new();
    private static bool? _memoryStatisticsOff;

    /// <summary>
    /// Whether SQLite's memory statistics were turned off in this process (null until <see cref="Configure"/> ran; false
    /// when SQLite was already in use by then, so the setting could not be made).
    /// </summary>
    public static bool? MemoryStatisticsOff
    {
        get
        {
            lock (Gate)
            {
                return _memoryStatisticsOff;
            }
        }
    }

    /// <summary>
    /// Turns off SQLite's memory statistics (SQLITE_CONFIG_MEMSTATUS). With them on, every allocation and free inside
    /// SQLite takes one process-wide mutex to count bytes nobody reads here; reads on two cores then queue on that mutex
    /// and wake each other through the kernel (a tenth of a scan answer's time in a profile, docs/peers.md). Runs once;
    /// harmless when SQLite is already initialized (the setting is then simply not made).
    /// </summary>
    public static void Configure()
    {
        lock (Gate)
        {
            if (_memoryStatisticsOff is not null)
            {
                return;
            }

            Batteries_V2.Init();
            _memoryStatisticsOff = raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0) == raw.SQLITE_OK;
        }
    }
}
