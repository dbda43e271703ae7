using System.Runtime.CompilerServices;

namespace EcoValue.Data.Tests;

internal static class ModuleSetup
{
    /// <summary>SQLite's process-wide settings before any test touches SQLite, as the service makes them (SqliteRuntime).</summary>
    [ModuleInitializer]
    internal static void Initialize() => SqliteRuntime.Configure();
}
