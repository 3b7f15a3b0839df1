using System.Collections.Immutable;

namespace FraudActors.Ml.Evaluation;

/// <summary>
/// One train/test split of the handbook protocol, as row indices into the transaction list it was made from,
/// so that a caller can slice a feature matrix (built over the same list) by row.
/// </summary>
public sealed class HandbookSplit
{
    internal HandbookSplit(
        HandbookProtocol protocol,
        ImmutableArray<int> trainRows,
        int trainFrauds,
        ImmutableArray<int> testRows,
        int testFrauds,
        int knownCompromisedRowsRemoved)
    {
        Protocol = protocol;
        TrainRows = trainRows;
        TrainFrauds = trainFrauds;
        TestRows = testRows;
        TestFrauds = testFrauds;
        KnownCompromisedRowsRemoved = knownCompromisedRowsRemoved;
    }

    /// <summary>The periods this split was cut with.</summary>
    public HandbookProtocol Protocol { get; }

    /// <summary>Indices of the training transactions, increasing (time order).</summary>
    public ImmutableArray<int> TrainRows { get; }

    /// <summary>Frauds among the training transactions.</summary>
    public int TrainFrauds { get; }

    /// <summary>Indices of the test transactions left after removing known-compromised cards, increasing (time order).</summary>
    public ImmutableArray<int> TestRows { get; }

    /// <summary>Frauds among the test transactions kept.</summary>
    public int TestFrauds { get; }

    /// <summary>Test-period transactions removed because their card was already known to be compromised.</summary>
    public int KnownCompromisedRowsRemoved { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Protocol}: {TrainRows.Length} training rows ({TrainFrauds} frauds), {TestRows.Length} test rows ({TestFrauds} frauds), " +
        $"{KnownCompromisedRowsRemoved} test rows of known-compromised cards removed";
}
