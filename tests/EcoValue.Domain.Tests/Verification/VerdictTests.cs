using EcoValue.Domain.Verification;

namespace EcoValue.Domain.Tests.Verification;

/// <summary>
/// <see cref="Verdict.Decide"/> applies DESIGN.md's order: UNKNOWN, TAMPERED, REVOKED, SUSPENDED, EXPIRED, RECALLED,
/// SUSPICIOUS, PENDING, GENUINE. Each status alone, every pair (the worse wins and both reasons are kept, worst first),
/// all at once.
/// </summary>
public class VerdictTests
{
    /// <summary>DESIGN.md's order, written out here: the test must not derive it from the enum it checks.</summary>
    private static readonly VerificationStatus[] Severity =
    [
        VerificationStatus.Unknown, VerificationStatus.Tampered, VerificationStatus.Revoked, VerificationStatus.Suspended,
        VerificationStatus.Expired, VerificationStatus.Recalled, VerificationStatus.Suspicious, VerificationStatus.Pending,
        VerificationStatus.Genuine,
    ];

    private static readonly VerificationReason Edited = new("tampered.record", "The batch record was edited after anchoring.", "批次记录在上链后被修改。");
    private static readonly VerificationReason ProofBroken = new("tampered.proof", "The proof does not lead to the anchored root.", "证明无法推导出链上的根。");
    private static readonly VerificationReason Burst = new("scans.burst", "Scanned 40 times within 60 minutes.", "60 分钟内被扫描 40 次。");
    private static readonly VerificationReason Travel = new("scans.impossible_travel", "Scanned in Haikou and Beijing within 30 minutes.", "30 分钟内先后在海口和北京被扫描。");

    private static readonly VerificationFacts Clean = new(true, [], LicenceStanding.Valid, null, new CloneAssessment(false, [], null, 1, 1), false);

    [Fact]
    public void Known_intact_licensed_unrecalled_plausible_anchored_is_genuine_with_no_reasons()
    {
        var verdict = Verdict.Decide(Clean);

        Assert.Equal(VerificationStatus.Genuine, verdict.Status);
        Assert.Empty(verdict.Reasons);
        Assert.Equal(VerificationStatus.Genuine, Verdict.Decide(Clean with { Licence = LicenceStanding.None, Clones = null }).Status);
        Assert.Empty(Verdict.Decide(Clean with { Licence = LicenceStanding.None, Clones = null }).Reasons);
    }

    public static TheoryData<VerificationStatus> NotGenuine => new(Severity[..^1]);

    [Theory]
    [MemberData(nameof(NotGenuine))]
    public void Each_status_alone(VerificationStatus status)
    {
        var verdict = Verdict.Decide(With(Clean, status));

        Assert.Equal(status, verdict.Status);
        Assert.NotEmpty(verdict.Reasons);
        Assert.Equal(ExpectedCodes(status), verdict.Reasons.Select(r => r.Code));
        Assert.All(verdict.Reasons, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.En));
            Assert.Contains(r.Zh, c => c is >= '\u4E00' and <= '\u9FFF');
        });
    }

    public static TheoryData<VerificationStatus, VerificationStatus> Pairs
    {
        get
        {
            var data = new TheoryData<VerificationStatus, VerificationStatus>();
            for (var i = 0; i < Severity.Length - 1; i++)
            {
                for (var j = i + 1; j < Severity.Length - 1; j++)
                {
                    // The licence has one standing at a time: revoked, suspended and expired never meet.
                    if (IsLicence(Severity[i]) && IsLicence(Severity[j]))
                    {
                        continue;
                    }

                    data.Add(Severity[i], Severity[j]);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Of_every_pair_the_more_severe_wins_and_both_reasons_stay_worst_first(VerificationStatus worse, VerificationStatus better)
    {
        var verdict = Verdict.Decide(With(With(Clean, better), worse));

        Assert.Equal(worse, verdict.Status);
        if (worse == VerificationStatus.Unknown)
        {
            // An unknown code has nothing else to say: the other facts are about something we never issued.
            Assert.Equal(["unknown"], verdict.Reasons.Select(r => r.Code));
            return;
        }

        Assert.Equal(ExpectedCodes(worse).Concat(ExpectedCodes(better)), verdict.Reasons.Select(r => r.Code));
    }

    [Fact]
    public void Everything_at_once_is_tampered_with_every_reason_in_severity_order()
    {
        var facts = new VerificationFacts(true, [Edited, ProofBroken], LicenceStanding.Revoked, "Pesticide residue above the limit", new CloneAssessment(true, [Burst, Travel], DateTimeOffset.UnixEpoch, 50, 20), true);

        var verdict = Verdict.Decide(facts);

        Assert.Equal(VerificationStatus.Tampered, verdict.Status);
        Assert.Equal(["tampered.record", "tampered.proof", "licence.revoked", "batch.recalled", "scans.burst", "scans.impossible_travel", "pending"], verdict.Reasons.Select(r => r.Code));
        Assert.Contains("Pesticide residue above the limit", verdict.Reasons[3].En, StringComparison.Ordinal);
        Assert.Contains("Pesticide residue above the limit", verdict.Reasons[3].Zh, StringComparison.Ordinal);
    }

    [Fact]
    public void Clone_reasons_count_only_when_the_assessment_is_suspicious()
    {
        var notSuspicious = Clean with { Clones = new CloneAssessment(false, [Burst], DateTimeOffset.UnixEpoch, 3, 3) };
        Assert.Equal(VerificationStatus.Genuine, Verdict.Decide(notSuspicious).Status);

        // Suspicious without a stated reason must still not read as genuine.
        var unexplained = Verdict.Decide(Clean with { Clones = new CloneAssessment(true, [], DateTimeOffset.UnixEpoch, 3, 3) });
        Assert.Equal(VerificationStatus.Suspicious, unexplained.Status);
        Assert.Single(unexplained.Reasons);
        Assert.False(string.IsNullOrWhiteSpace(unexplained.Reasons[0].Zh));
    }

    [Fact]
    public void A_recall_without_a_written_reason_still_says_recalled_without_a_dangling_colon()
    {
        var verdict = Verdict.Decide(Clean with { RecallReason = "  " });

        Assert.Equal(VerificationStatus.Recalled, verdict.Status);
        Assert.Equal("This batch has been recalled.", verdict.Reasons[0].En);
        Assert.Equal("该批次已被召回。", verdict.Reasons[0].Zh);
    }

    [Fact]
    public void Severity_order_of_the_enum_is_designs_order()
    {
        // Clients use names; the numbers are the order, so sorting by them must give DESIGN.md's list.
        Assert.Equal(Severity, Enum.GetValues<VerificationStatus>().Order());
        Assert.Equal(["Unknown", "Tampered", "Revoked", "Suspended", "Expired", "Recalled", "Suspicious", "Pending", "Genuine"], Severity.Select(s => s.ToString()));
    }

    [Fact]
    public void Null_facts_throw()
    {
        Assert.Throws<ArgumentNullException>(() => Verdict.Decide(null!));
    }

    private static bool IsLicence(VerificationStatus s) => s is VerificationStatus.Revoked or VerificationStatus.Suspended or VerificationStatus.Expired;

    private static VerificationFacts With(VerificationFacts facts, VerificationStatus status) => status switch
    {
        VerificationStatus.Unknown => facts with { Known = false },
        VerificationStatus.Tampered => facts with { Tampered = [Edited, ProofBroken] },
        VerificationStatus.Revoked => facts with { Licence = LicenceStanding.Revoked },
        VerificationStatus.Suspended => facts with { Licence = LicenceStanding.Suspended },
        VerificationStatus.Expired => facts with { Licence = LicenceStanding.Expired },
        VerificationStatus.Recalled => facts with { RecallReason = "Mislabelled allergen" },
        VerificationStatus.Suspicious => facts with { Clones = new CloneAssessment(true, [Burst, Travel], DateTimeOffset.UnixEpoch, 40, 5) },
        VerificationStatus.Pending => facts with { Pending = true },
        _ => facts,
    };

    private static string[] ExpectedCodes(VerificationStatus status) => status switch
    {
        VerificationStatus.Unknown => ["unknown"],
        VerificationStatus.Tampered => ["tampered.record", "tampered.proof"],
        VerificationStatus.Revoked => ["licence.revoked"],
        VerificationStatus.Suspended => ["licence.suspended"],
        VerificationStatus.Expired => ["licence.expired"],
        VerificationStatus.Recalled => ["batch.recalled"],
        VerificationStatus.Suspicious => ["scans.burst", "scans.impossible_travel"],
        VerificationStatus.Pending => ["pending"],
        _ => [],
    };
}
