namespace FraudActors.Ml.Simulation;

/// <summary>
/// The draws behind one customer's transactions, and how its amounts become cents: see
/// <see cref="CustomerTransactionGenerator"/> for the order in which they are made.
/// </summary>
internal interface ITransactionDraws : IUniformDraws
{
    /// <summary>How an amount times 100 that lies exactly halfway between two cents is rounded.</summary>
    MidpointRounding CentRounding { get; }

    /// <summary>Poisson(<paramref name="mean"/>): the day's number of transactions.</summary>
    int Poisson(double mean);

    /// <summary>Normal(<paramref name="mean"/>, <paramref name="standardDeviation"/>).</summary>
    double Normal(double mean, double standardDeviation);

    /// <summary>Uniform integer on [0, <paramref name="count"/>): which of the customer's terminals.</summary>
    int Index(int count);
}
