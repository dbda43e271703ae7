using EcoValue.Anchoring.Keys;

namespace EcoValue.Anchoring.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ServiceKeyFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecovalue-key-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void LoadOrCreate_createsOwnerOnlyFile_andLoadsTheSameKeyAgain()
    {
        var path = Path.Combine(_dir, "keys", "service.key");
        var created = ServiceKeyFile.LoadOrCreate(path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(created.Address, ServiceKeyFile.LoadOrCreate(path).Address);
        Assert.Equal(created.Address, ServiceKeyFile.Load(path).Address);
    }

    [Fact]
    public void Load_missingFile_saysHowToFixIt()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => ServiceKeyFile.Load(Path.Combine(_dir, "none.key")));
        Assert.Contains("EcoValue:Anchoring:KeyFile", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_groupReadable_isRefused()
    {
        var path = Path.Combine(_dir, "service.key");
        ServiceKeyFile.LoadOrCreate(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        Assert.Throws<InvalidOperationException>(() => ServiceKeyFile.Load(path));
    }

    [Fact]
    public void Load_garbage_isRefused_withoutEchoingTheContent()
    {
        var path = Path.Combine(_dir, "service.key");
        File.WriteAllText(path, "0xnot-a-key-SECRETISH");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var ex = Assert.Throws<InvalidOperationException>(() => ServiceKeyFile.Load(path));
        Assert.DoesNotContain("SECRETISH", ex.Message, StringComparison.Ordinal);
    }
}
