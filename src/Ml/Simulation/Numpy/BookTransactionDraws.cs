namespace FraudActors.Ml.Simulation.Numpy;

/// <summary>
/// One customer's draws as the book makes them: after <c>random.seed(id)</c> and <c>np.random.seed(id)</c>,
/// counts, times and amounts from numpy, the terminal from <c>random.choice</c>; amounts rounded as
/// <c>np.round(amount, 2)</c> rounds, half to even on the binary value of amount × 100.
/// </summary>
internal sealed class BookTransactionDraws(uint seed) : ITransactionDraws
{
    private readonly NumpyRandomState numpy = new(seed);
    private readonly PythonRandom python = new(seed);

    public MidpointRounding CentRounding => MidpointRounding.ToEven;

    public int Poisson(double mean) => checked((int)numpy.Poisson(mean));

    public double Normal(double mean, double standardDeviation) => numpy.Normal(mean, standardDeviation);

    public double Uniform(double low, double high) => numpy.Uniform(low, high);

    public int Index(int count) => python.RandBelow(count);
}
