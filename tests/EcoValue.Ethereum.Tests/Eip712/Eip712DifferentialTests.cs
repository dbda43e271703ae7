using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EcoValue.Ethereum.Eip712;
using EcoValue.Ethereum.Signing;
using EcoValue.Testing;

namespace EcoValue.Ethereum.Tests.Eip712;

/// <summary>
/// Differential tests on random typed-data documents against foundry 1.7.1's EIP-712 (alloy's TypedData): our
/// signature with a fixed key must equal theirs, which (RFC 6979 being deterministic) means our digest equals theirs.
/// cast has no hash-only command, so the reference is <c>cast wallet sign --data</c> (1,000 documents); another 1,000
/// go through anvil's eth_signTypedData_v4 (the same alloy code, pinned with cast) in batches.
/// </summary>
public class Eip712DifferentialTests(AnvilNode anvil) : IClassFixture<AnvilNode>
{
    private const string AnvilAccount0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    private static readonly EthECKey Key = new(AnvilNode.DevKey0);

    [Fact]
    public async Task Sign_randomDocuments_matchesAnvil()
    {
        Assert.Equal(AnvilAccount0, Key.Address.ToString());
        const int seed = 712_000;
        var random = new Eip712Random(new Random(seed));
        var documents = Enumerable.Range(0, 1000).Select(_ => random.Document()).ToArray();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        for (var start = 0; start < documents.Length; start += 100)
        {
            var batch = new StringBuilder("[");
            for (var i = start; i < Math.Min(start + 100, documents.Length); i++)
            {
                batch.Append(i == start ? "" : ",")
                    .Append(CultureInfo.InvariantCulture, $"{{\"jsonrpc\":\"2.0\",\"id\":{i},\"method\":\"eth_signTypedData_v4\",\"params\":[\"{AnvilAccount0}\",")
                    .Append(documents[i]).Append("]}");
            }

            using var content = new StringContent(batch.Append(']').ToString(), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(anvil.RpcUrl, content, TestContext.Current.CancellationToken);
            var replies = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            foreach (var reply in replies.EnumerateArray())
            {
                var i = reply.GetProperty("id").GetInt32();
                var context = $"seed {seed} document {i}: {documents[i]}";
                Assert.True(reply.TryGetProperty("result", out var result), $"{context}\nanvil: {reply}");
                var ours = Eip712Signer.Sign(Key, TypedData.FromJson(documents[i]));
                Assert.True(result.GetString() == ours.ToHex(), $"{context}\nanvil: {result}\nours:  {ours.ToHex()}");
                Assert.Equal(Key.Address, Eip712Signer.RecoverAddress(TypedData.FromJson(documents[i]), ours));
            }
        }
    }

    [Fact]
    public async Task Sign_randomDocuments_matchesCastWalletSign()
    {
        var cast = Cast.Require();
        const int seed = 712_001;
        var random = new Eip712Random(new Random(seed));
        var documents = Enumerable.Range(0, 1000).Select(_ => random.Document()).ToArray();
        var results = await cast.RunBatchAsync([.. documents.Select(d => (string[])["wallet", "sign", "--data", "--private-key", AnvilNode.DevKey0, d])]);
        for (var i = 0; i < documents.Length; i++)
        {
            var ours = Eip712Signer.Sign(Key, TypedData.FromJson(documents[i])).ToHex();
            Assert.True(results[i] == ours, $"seed {seed} document {i}: {documents[i]}\ncast: {results[i]}\nours: {ours}");
        }
    }
}
