namespace FraudActors.Ml.Tests.Simulation;

/// <summary>
/// The standard normal distribution function, computed independently of the simulator
/// (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7), for expected values in statistical tests.
/// </summary>
internal static class StandardNormal
{
    public static double Cdf(double z) => 0.5 * (1 + Erf(z / Math.Sqrt(2)));

    private static double Erf(double x)
    {
        double sign = Math.Sign(x);
        x = Math.Abs(x);
        double t = 1 / (1 + (0.3275911 * x));
        double polynomial = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        return sign * (1 - (polynomial * Math.Exp(-x * x)));
    }
}
