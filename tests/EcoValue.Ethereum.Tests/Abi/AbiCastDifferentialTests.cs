using EcoValue.Ethereum.Abi;
using EcoValue.Testing;

namespace EcoValue.Ethereum.Tests.Abi;

/// <summary>Differential tests against the pinned cast 1.7.1 (alloy's ABI codec) on random signatures and values.</summary>
public class AbiCastDifferentialTests
{
    private const int Cases = 1000;

    /// <summary>Cases per cast run: each case's parameter list becomes one tuple parameter of the run's signature.</summary>
    private const int CasesPerRun = 8;

    [Fact]
    public async Task EncodeFunctionCall_randomSignatures_matchesCast_andDecodesBack()
    {
        // A cast process costs ~40 ms, so cases travel 8 to a run: a run's signature is f(case0, ..., case7) with each case's
        // random parameter list as one tuple. enc((T1..Tn)) is byte for byte enc(T1..Tn) at the tuple's offset, so every
        // case's own encoding is compared, and every run is itself a random signature one level deeper (depth up to 4).
        var cast = Cast.Require();
        const int seed = 20240712;
        var rng = new Random(seed);
        var random = new AbiRandom(rng);
        var runs = new List<(AbiType[] Types, object?[] Values, string HumanSignature)>();
        for (var r = 0; r < Cases / CasesPerRun; r++)
        {
            var types = new AbiType[CasesPerRun];
            var values = new object?[CasesPerRun];
            for (var c = 0; c < CasesPerRun; c++)
            {
                var caseTypes = Enumerable.Range(0, rng.Next(1, 5)).Select(_ => random.Type(0)).ToArray();
                types[c] = AbiType.Tuple(caseTypes);
                values[c] = caseTypes.Select(random.Value).ToArray();
            }

            // Written as a person would (aliases, names, spaces) so that selector canonicalisation is compared too.
            var parameters = types.Select((t, i) => random.HumanName(t) + " " + random.Identifier("p") + "_" + i);
            runs.Add((types, values, random.Identifier("f") + "(" + string.Join(", ", parameters) + ")"));
        }

        var calls = runs.Select(run => (string[])["calldata", run.HumanSignature, .. run.Values.Select((v, j) => AbiRandom.CastArgument(run.Types[j], v))]).ToList();
        var results = await cast.RunBatchAsync(calls);
        var selectors = await cast.RunBatchAsync([.. runs.Select(run => (string[])["sig", run.HumanSignature])]);

        for (var i = 0; i < runs.Count; i++)
        {
            var (types, values, signature) = runs[i];
            var context = $"seed {seed} run {i}: cast {string.Join(' ', calls[i].Select(a => "'" + a + "'"))}";
            var ours = Hex.Encode(AbiEncoder.EncodeFunctionCall(signature, values));
            Assert.True(results[i] == ours, $"{context}\ncast: {results[i]}\nours: {ours}");
            Assert.Equal(selectors[i], Hex.Encode(FunctionSelector.Of(signature)));
            Assert.Equal(selectors[i], results[i][..10]);
            var canonical = FunctionSignature.Parse(signature).Name + "(" + string.Join(',', types.Select(t => t.Name)) + ")";
            Assert.Equal(canonical, FunctionSignature.Parse(signature).Canonical);
            AbiAssert.Equal(values, AbiDecoder.DecodeCanonical(types, Hex.Decode(results[i]).AsSpan(4)), context);
        }
    }

    [Fact]
    public async Task EncodePacked_randomValueTypesBytesAndStrings_matchesCast()
    {
        var cast = Cast.Require();
        const int seed = 712;
        var rng = new Random(seed);
        var random = new AbiRandom(rng);
        var cases = new List<(AbiType[] Types, object?[] Values)>();

        // Elementary types only (depth 3 yields no arrays or tuples): cast 1.7.1 pads packed array elements on the left
        // whatever their type (bytesN too, and negative intN with zeros), while Solidity writes them as their ABI words,
        // as we do; AbiEncoderTests pins the array cases.
        while (cases.Count < 200)
        {
            var types = Enumerable.Range(0, rng.Next(1, 9)).Select(_ => random.Type(3)).ToArray();
            cases.Add((types, types.Select(random.Value).ToArray()));
        }

        var calls = cases.Select(c => (string[])["abi-encode", "--packed", "f(" + string.Join(',', c.Types.Select(t => t.Name)) + ")", .. c.Values.Select((v, j) => AbiRandom.CastArgument(c.Types[j], v))]).ToList();
        var results = await cast.RunBatchAsync(calls);
        for (var i = 0; i < cases.Count; i++)
        {
            var ours = Hex.Encode(AbiEncoder.EncodePacked(cases[i].Types, cases[i].Values));
            Assert.True(results[i] == ours, $"seed {seed} case {i}: {string.Join(' ', calls[i])}\ncast: {results[i]}\nours: {ours}");
        }
    }
}
