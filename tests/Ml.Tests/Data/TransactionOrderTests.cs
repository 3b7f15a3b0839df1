using FraudActors.Ml.Data;

namespace FraudActors.Ml.Tests.Data;

public sealed class TransactionOrderTests
{
    [Fact]
    public void Equal_times_count_as_sorted_and_a_step_back_does_not()
    {
        Transaction[] sorted = [At(0, 10), At(1, 10), At(2, 11)];
        Transaction[] unsorted = [At(0, 10), At(1, 12), At(2, 11)];

        Assert.True(TransactionOrder.IsSortedByTime(sorted));
        Assert.False(TransactionOrder.IsSortedByTime(unsorted));
        Assert.True(TransactionOrder.IsSortedByTime([]));
    }

    [Fact]
    public void Numbering_by_position_requires_ids_0_to_n_minus_1_in_order()
    {
        Assert.True(TransactionOrder.IsNumberedByPosition([At(0, 1), At(1, 2), At(2, 3)]));
        Assert.False(TransactionOrder.IsNumberedByPosition([At(1, 1), At(2, 2)]));
        Assert.False(TransactionOrder.IsNumberedByPosition([At(0, 1), At(2, 2), At(1, 3)]));
    }

    private static Transaction At(long id, long unixSeconds) => new(id, unixSeconds, 0, 0, 0, false, FraudScenario.None);
}
