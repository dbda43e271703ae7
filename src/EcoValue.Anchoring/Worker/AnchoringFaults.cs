namespace EcoValue.Anchoring.Worker;

/// <summary>Points in one pass where a crash is most damaging; tests throw here to prove a restart loses nothing.</summary>
public enum AnchoringStage
{
    /// <summary>The batch row and its first chunk of leaves are committed, the rest not yet (batch incomplete).</summary>
    MidBatchBuild,

    /// <summary>The tree is built and its batch row committed; no transaction signed yet.</summary>
    AfterBatchBuilt,

    /// <summary>The transaction is written and broadcast; its receipt not yet seen.</summary>
    AfterTransactionSent,

    /// <summary>The chain shows the root anchored; the batch not yet marked mined.</summary>
    AfterAnchorFound,
}

/// <summary>A hook called at each <see cref="AnchoringStage"/>. Production passes none.</summary>
public interface IAnchoringFaults
{
    void At(AnchoringStage stage);
}
