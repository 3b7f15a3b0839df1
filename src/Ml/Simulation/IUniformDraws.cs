namespace FraudActors.Ml.Simulation;

/// <summary>The uniform draws a profile table needs (customer and terminal locations, spending habits).</summary>
internal interface IUniformDraws
{
    /// <summary>Uniform on [<paramref name="low"/>, <paramref name="high"/>), computed as low + (high − low)·U.</summary>
    double Uniform(double low, double high);
}
