namespace FraudActors.Ml.Tests.Simulation.Numpy;

/// <summary>
/// A position-sensitive fingerprint of a long sequence, h ← h·1,000,003 + x (mod 2⁶⁴), with doubles taken by their
/// IEEE bits. The expected fingerprints in these tests were computed by the same formula in Python over numpy's
/// and CPython's own draws, so one number stands for 100,000 exact values.
/// </summary>
internal static class SequenceHash
{
    private const ulong Multiplier = 1_000_003;

    public static ulong Of(IEnumerable<long> values)
    {
        ulong hash = 0;
        foreach (long value in values)
        {
            hash = unchecked((hash * Multiplier) + (ulong)value);
        }

        return hash;
    }

    public static ulong Of(IEnumerable<double> values) => Of(values.Select(BitConverter.DoubleToInt64Bits));
}
