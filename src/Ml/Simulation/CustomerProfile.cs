using System.Collections.Immutable;

namespace FraudActors.Ml.Simulation;

/// <summary>
/// A simulated customer (card): where it lives, how it spends, and the terminals it can reach.
/// </summary>
public sealed class CustomerProfile
{
    internal CustomerProfile(
        int id, double x, double y, double meanAmount, double stdDevAmount, double meanTransactionsPerDay, ImmutableArray<int> terminals)
    {
        Id = id;
        X = x;
        Y = y;
        MeanAmount = meanAmount;
        StdDevAmount = stdDevAmount;
        MeanTransactionsPerDay = meanTransactionsPerDay;
        Terminals = terminals;
    }

    /// <summary>The customer id, 0-based.</summary>
    public int Id { get; }

    /// <summary>Home location, x.</summary>
    public double X { get; }

    /// <summary>Home location, y.</summary>
    public double Y { get; }

    /// <summary>Mean of the customer's normal amount distribution, in currency units.</summary>
    public double MeanAmount { get; }

    /// <summary>Standard deviation of the customer's normal amount distribution, in currency units.</summary>
    public double StdDevAmount { get; }

    /// <summary>Mean of the customer's Poisson number of transactions per day.</summary>
    public double MeanTransactionsPerDay { get; }

    /// <summary>Ids, ascending, of the terminals strictly closer than the radius; empty: the customer never pays.</summary>
    public ImmutableArray<int> Terminals { get; }
}
