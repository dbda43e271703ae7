using System.Buffers.Text;
using EcoValue.Anchoring.Keys;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Signing;

namespace EcoValue.Anchoring.Tests;

public sealed class CertifierKeyVaultTests
{
    private static readonly MasterKey Master = MasterKey.Generate();

    [Fact]
    public void Generate_thenOpen_givesTheSameKey_andTheAddressIsReadableWithoutTheMasterKey()
    {
        var vault = new CertifierKeyVault(Master);
        var sealedKey = vault.Generate("user-42");
        Assert.StartsWith("ck1.", sealedKey.Sealed, StringComparison.Ordinal);
        Assert.Equal(sealedKey.Address, CertifierKeyVault.AddressOf(sealedKey.Sealed));

        var key = vault.Open("user-42", sealedKey.Sealed);
        Assert.Equal(sealedKey.Address, key.Address);
        var digest = Keccak.HashUtf8("a decision");
        Assert.Equal(sealedKey.Address, EthECKey.RecoverAddress(digest, key.Sign(digest)));
    }

    [Fact]
    public void Seal_sameKeyTwice_givesDifferentCiphertexts_bothOpen()
    {
        var vault = new CertifierKeyVault(Master);
        var key = EthECKey.Generate();
        var a = vault.Seal("u", key);
        var b = vault.Seal("u", key);
        Assert.NotEqual(a, b); // fresh nonce each time
        Assert.Equal(key.GetPrivateKeyBytes(), vault.Open("u", a).GetPrivateKeyBytes());
        Assert.Equal(key.GetPrivateKeyBytes(), vault.Open("u", b).GetPrivateKeyBytes());
    }

    [Fact]
    public void Open_withAnotherMasterKey_saysSo()
    {
        var sealedKey = new CertifierKeyVault(Master).Generate("user-1");
        var ex = Assert.Throws<CertifierKeyException>(() => new CertifierKeyVault(MasterKey.Generate()).Open("user-1", sealedKey.Sealed));
        Assert.Contains("another master key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_forAnotherUser_fails()
    {
        var vault = new CertifierKeyVault(Master);
        var sealedKey = vault.Generate("certifier-alice");
        var ex = Assert.Throws<CertifierKeyException>(() => vault.Open("certifier-bob", sealedKey.Sealed));
        Assert.Contains("another user or was altered", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_anyChangedByte_fails_andNoMessageCarriesKeyMaterial()
    {
        var vault = new CertifierKeyVault(Master);
        var key = EthECKey.Generate();
        var sealedKey = vault.Seal("user-7", key);
        var blob = Base64Url.DecodeFromChars(sealedKey.AsSpan(4));
        var secretHex = Hex.EncodeBare(key.GetPrivateKeyBytes());
        for (var i = 0; i < blob.Length; i++)
        {
            var changed = (byte[])blob.Clone();
            changed[i] ^= 0x01;
            var ex = Assert.Throws<CertifierKeyException>(() => vault.Open("user-7", "ck1." + Base64Url.EncodeToString(changed)));
            Assert.DoesNotContain(secretHex, ex.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Throws<CertifierKeyException>(() => vault.Open("user-7", "ck2." + sealedKey[4..]));
        Assert.Throws<CertifierKeyException>(() => vault.Open("user-7", sealedKey[..^2]));
        Assert.Throws<CertifierKeyException>(() => vault.Open("user-7", "ck1.!!!"));
    }

    [Fact]
    public void ToString_showsNoKeyMaterial()
    {
        var master = MasterKey.Generate();
        var text = master.ToString();
        Assert.Matches("^MasterKey\\(id [0-9a-f]{8}\\)$", text);
        var base64 = Convert.ToBase64String(master.Bytes);
        Assert.DoesNotContain(base64, text, StringComparison.Ordinal);
        Assert.Equal(master.KeyId, MasterKey.FromBase64(base64).KeyId);
    }
}

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MasterKeyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecovalue-master-key-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Resolve_dev_createsOwnerOnlyFile_onceAndThenReusesIt()
    {
        var first = MasterKey.Resolve(new LicenceKeyOptions(), _dir, development: true);
        var path = Path.Combine(_dir, "keys", "master.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(first.KeyId, MasterKey.Resolve(new LicenceKeyOptions(), _dir, development: true).KeyId);
        Assert.Equal(first.KeyId, MasterKey.Resolve(new LicenceKeyOptions { MasterKeyFile = path }, _dir, development: false).KeyId);
    }

    [Fact]
    public void Resolve_production_withoutConfiguration_refuses_andCreatesNothing()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => MasterKey.Resolve(new LicenceKeyOptions(), _dir, development: false));
        Assert.Contains("EcoValue:Licences:MasterKey", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "keys")));
    }

    [Fact]
    public void Resolve_fromBase64_andBothSet_isAnError()
    {
        var base64 = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var key = MasterKey.Resolve(new LicenceKeyOptions { MasterKey = base64 }, _dir, development: false);
        Assert.Equal(MasterKey.FromBase64(base64).KeyId, key.KeyId);
        Assert.Throws<InvalidOperationException>(() => MasterKey.Resolve(new LicenceKeyOptions { MasterKey = base64, MasterKeyFile = "x" }, _dir, development: true));
    }

    [Fact]
    public void FromBase64_wrongLengthOrGarbage_isRefused_withoutEchoingIt()
    {
        var shortKey = Convert.ToBase64String(new byte[16]);
        var ex = Assert.Throws<InvalidOperationException>(() => MasterKey.FromBase64(shortKey));
        Assert.DoesNotContain(shortKey, ex.Message, StringComparison.Ordinal);
        var garbage = Assert.Throws<InvalidOperationException>(() => MasterKey.FromBase64("SECRETISH-not-base64"));
        Assert.DoesNotContain("SECRETISH", garbage.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_groupReadable_isRefused()
    {
        var path = Path.Combine(_dir, "master.key");
        MasterKey.LoadOrCreateFile(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        Assert.Throws<InvalidOperationException>(() => MasterKey.LoadFile(path));
    }

    [Fact]
    public void RelayerKeyFile_isItsOwnKey_inTheServiceKeyFormat()
    {
        var relayerPath = RelayerKeyFile.DefaultPath(_dir);
        Assert.Equal(Path.Combine(_dir, "keys", "relayer.key"), relayerPath);
        var relayer = RelayerKeyFile.LoadOrCreate(relayerPath);
        var service = ServiceKeyFile.LoadOrCreate(Path.Combine(_dir, "keys", "service.key"));
        Assert.NotEqual(service.Address, relayer.Address);
        Assert.Equal(relayer.Address, RelayerKeyFile.Load(relayerPath).Address);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(relayerPath));
        var missing = Assert.Throws<FileNotFoundException>(() => RelayerKeyFile.Load(Path.Combine(_dir, "none.key")));
        Assert.Contains("EcoValue:Licences:RelayerKeyFile", missing.Message, StringComparison.Ordinal);
    }
}
